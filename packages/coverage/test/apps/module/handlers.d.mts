export declare function onCallUpdate(payload: unknown): unknown;
