// Whether anything accepts connections at a URL: @fwcall/pact's probe, which the broker commands
// ask before handing a URL to the Pact CLI (it would retry for a minute). Its module loads no Pact library.
export { unreachable } from "@fwcall/pact/verify";
