/// <reference types="vite/client" />

// The VITE_ variables the board reads (see src/config.ts).
interface ImportMetaEnv {
  readonly VITE_FWCALL_API_BASE?: string;
  readonly VITE_FWCALL_API_KEY?: string;
  readonly VITE_FWCALL_MOCK?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
