// Type definitions for bosbase.js, the JavaScript API of bosgo's browser
// build (a Go BosBase SDK compiled to WebAssembly). Hand-written; checked
// with `tsc --noEmit --strict` on types-check.ts (go tool task wasm:types).

/** A record as the server returns it. */
export interface RecordModel {
  id: string;
  collectionId: string;
  collectionName: string;
  [key: string]: any;
}

/** An auth record (users, _superusers, …). */
export interface AuthRecord extends RecordModel {
  email?: string;
  verified?: boolean;
}

/** What every successful auth call resolves to. */
export interface RecordAuthResponse<T = AuthRecord> {
  token: string;
  record: T;
  /** OAuth2: the provider's user data and isNew. */
  meta?: { isNew?: boolean; [key: string]: any };
}

export interface ListResult<T = RecordModel> {
  page: number;
  perPage: number;
  /** -1 with skipTotal. */
  totalItems: number;
  /** -1 with skipTotal. */
  totalPages: number;
  items: T[];
}

export interface AuthProviderInfo {
  name: string;
  displayName: string;
  state: string;
  authURL: string;
  codeVerifier: string;
  codeChallenge: string;
  codeChallengeMethod: string;
}

export interface AuthMethodsList {
  password: { enabled: boolean; identityFields: string[] };
  oauth2: { enabled: boolean; providers: AuthProviderInfo[] };
  mfa: { enabled: boolean; duration: number };
  otp: { enabled: boolean; duration: number };
}

export interface OTPResponse {
  otpId: string;
  mfaId?: string;
}

/** Options every call accepts. */
export interface SendOptions {
  /** Aborting it rejects the call with isAbort (code "aborted") and cancels the request. */
  signal?: AbortSignal | null;
  headers?: Record<string, string>;
  query?: Record<string, any>;
  /** Extra JSON body fields. */
  body?: Record<string, any>;
  /** Groups calls for pb.cancelRequest(requestKey). */
  requestKey?: string | null;
  /** Unknown keys are sent as query parameters, as in the JS SDK. */
  [key: string]: any;
}

export interface CommonOptions extends SendOptions {
  fields?: string;
}

export interface RecordOptions extends CommonOptions {
  expand?: string;
}

export interface ListOptions extends RecordOptions {
  filter?: string;
  sort?: string;
  skipTotal?: boolean;
}

export interface FullListOptions extends ListOptions {
  /** Page size of the batched requests (default 500). */
  batch?: number;
}

export interface AuthOptions extends RecordOptions {
  /** The mfaId of the first factor's 401 challenge. */
  mfaId?: string;
}

export interface RecordSubscription<T = RecordModel> {
  action: "create" | "update" | "delete" | string;
  record: T;
}

export type UnsubscribeFunc = () => Promise<void>;

export interface OAuth2AuthConfig extends AuthOptions {
  /** The provider name, e.g. "google" or the devserver's "oidc". */
  provider: string;
  /** Replace the provider's default scopes. */
  scopes?: string[];
  /** Fields of the record created for a new user. */
  createData?: { [key: string]: any };
  /**
   * Open the provider URL yourself (no popup is opened). May return a
   * promise; a throw or a rejection fails the sign-in.
   */
  urlCallback?: (url: string) => void | Promise<void>;
  /** Milliseconds to wait for the provider's redirect (default 4.5 min). */
  timeout?: number;
  /** Reject when the user closes the popup (default true). */
  detectPopupClose?: boolean;
  /** Milliseconds a closed popup is given before rejecting (default 400). */
  popupCloseGrace?: number;
  /** expand/fields for the final auth call. */
  query?: Record<string, any>;
}

export interface OAuth2RedirectConfig {
  provider: string;
  scopes?: string[];
  createData?: { [key: string]: any };
  /** Where the provider returns; default: this page's URL without query. Register it at the provider. */
  redirectURL?: string;
  signal?: AbortSignal | null;
}

/** Reasons for client-side failures, in ClientResponseError.code. */
export type ErrorCode =
  | ""
  | "popup_blocked"
  | "popup_closed"
  | "timeout"
  | "aborted"
  | "lock_timeout"
  | "oauth2_cancelled"
  | "oauth2_redirect"
  | "oauth2_state_mismatch"
  | "oauth2_unknown_provider"
  | "realtime_disconnected"
  | "pubsub_timeout"
  | "pubsub_disconnected"
  | "pubsub_closed"
  | "pubsub_protocol"
  | "filter_value"
  | "not_authenticated"
  | "token_expired"
  | "session_changed"
  | "invalid_base_url"
  | "not_browser"
  | "not_loaded"
  | "unsupported"
  | "exited"
  | "internal"
  | (string & {});

/** The one error type, as in the BosBase JS SDK. */
export class ClientResponseError extends Error {
  constructor(detail?: Partial<{ url: string; status: number; response: { [key: string]: any }; isAbort: boolean; originalError: any; message: string; code: string }>);
  /** The request URL (secrets in its query redacted). */
  url: string;
  /** HTTP status; 0 when no response arrived. */
  status: number;
  /** The decoded error body, {} when none. The MFA challenge is {mfaId}. */
  response: { [key: string]: any };
  /** Alias of response. */
  readonly data: { [key: string]: any };
  isAbort: boolean;
  originalError: any;
  /** Machine-readable reason of a client-side failure; "" for server errors. */
  code: ErrorCode;
  readonly isPopupBlocked: boolean;
  name: string;
  toJSON(): { [key: string]: any };
}

/** The browser refused to open the OAuth2 popup. */
export class PopupBlockedError extends ClientResponseError {
  readonly isPopupBlocked: true;
}

/** "expired": the client cleared a session whose token had expired and cannot be refreshed (the call that found it rejects with code "token_expired"). */
export type AuthChangeKind = "initial" | "signed-in" | "refreshed" | "record-updated" | "signed-out" | "expired";

export interface AuthChange {
  kind: AuthChangeKind;
  /** The change was made by another tab. */
  external: boolean;
}

export type OnStoreChangeFunc = (token: string, record: AuthRecord | null, change: AuthChange) => void;

/** pb.authStore. */
export interface AuthStore {
  readonly token: string;
  readonly record: AuthRecord | null;
  /** @deprecated Use record. */
  readonly model: AuthRecord | null;
  readonly isValid: boolean;
  readonly isSuperuser: boolean;
  /** @deprecated Use isSuperuser. */
  readonly isAdmin: boolean;
  /** @deprecated Use isValid && !isSuperuser. */
  readonly isAuthRecord: boolean;
  readonly kind: "local" | "session" | "memory";
  readonly storageKey: string | null;
  readonly persistent: boolean;
  save(token: string, record?: AuthRecord | null): void;
  clear(): void;
  onChange(callback: OnStoreChangeFunc, fireImmediately?: boolean): () => void;
}

/** pb.collection(name). */
export interface RecordService<M = RecordModel> {
  readonly client: BosBase;
  readonly collectionIdOrName: string;
  readonly isSuperusers: boolean;

  getList<T = M>(page?: number, perPage?: number, options?: ListOptions): Promise<ListResult<T>>;
  getFullList<T = M>(options?: FullListOptions): Promise<T[]>;
  getFullList<T = M>(batch?: number, options?: ListOptions): Promise<T[]>;
  getFirstListItem<T = M>(filter: string, options?: ListOptions): Promise<T>;
  getOne<T = M>(id: string, options?: RecordOptions): Promise<T>;
  create<T = M>(bodyParams?: { [key: string]: any }, options?: RecordOptions): Promise<T>;
  update<T = M>(id: string, bodyParams?: { [key: string]: any }, options?: RecordOptions): Promise<T>;
  delete(id: string, options?: SendOptions): Promise<boolean>;
  subscribe<T = M>(topic: string, callback: (data: RecordSubscription<T>) => void, options?: RecordOptions & { filter?: string }): Promise<UnsubscribeFunc>;
  unsubscribe(topic?: string): Promise<void>;

  listAuthMethods(options?: CommonOptions): Promise<AuthMethodsList>;
  authWithPassword<T = AuthRecord>(usernameOrEmail: string, password: string, options?: AuthOptions): Promise<RecordAuthResponse<T>>;
  authWithOTP<T = AuthRecord>(otpId: string, password: string, options?: AuthOptions): Promise<RecordAuthResponse<T>>;
  requestOTP(email: string, options?: CommonOptions): Promise<OTPResponse>;
  authRefresh<T = AuthRecord>(options?: RecordOptions): Promise<RecordAuthResponse<T>>;
  authWithOAuth2Code<T = AuthRecord>(provider: string, code: string, codeVerifier: string, redirectURL: string, createData?: { [key: string]: any }, options?: AuthOptions): Promise<RecordAuthResponse<T>>;
  authWithOAuth2<T = AuthRecord>(config: OAuth2AuthConfig): Promise<RecordAuthResponse<T>>;
  authWithOAuth2Redirect(config: OAuth2RedirectConfig): Promise<void>;
  requestPasswordReset(email: string, options?: CommonOptions): Promise<boolean>;
  confirmPasswordReset(passwordResetToken: string, password: string, passwordConfirm: string, options?: CommonOptions): Promise<boolean>;
  requestVerification(email: string, options?: CommonOptions): Promise<boolean>;
  confirmVerification(verificationToken: string, options?: CommonOptions): Promise<boolean>;
  requestEmailChange(newEmail: string, options?: CommonOptions): Promise<boolean>;
  confirmEmailChange(emailChangeToken: string, password: string, options?: CommonOptions): Promise<boolean>;
  impersonate(recordId: string, duration?: number, options?: RecordOptions): Promise<BosBase>;
  bindToken(email: string, password: string, token: string, options?: CommonOptions): Promise<boolean>;
  unbindToken(email: string, password: string, token: string, options?: CommonOptions): Promise<boolean>;
  authWithToken<T = AuthRecord>(token: string, options?: AuthOptions): Promise<RecordAuthResponse<T>>;
}

/** pb.realtime. */
export interface RealtimeService {
  readonly isConnected: boolean;
  readonly clientId: string;
  subscribe(topic: string, callback: (data: any) => void, options?: SendOptions & { expand?: string; fields?: string; filter?: string }): Promise<UnsubscribeFunc>;
  unsubscribe(topic?: string): Promise<void>;
}

export interface PubSubMessage<T = any> {
  id: string;
  topic: string;
  data: T;
  created: string;
}

export interface PublishAck {
  id: string;
  topic: string;
  created: string;
}

/** pb.pubsub. */
export interface PubSubService {
  readonly isConnected: boolean;
  publish(topic: string, data?: any, options?: { signal?: AbortSignal | null }): Promise<PublishAck>;
  subscribe<T = any>(topic: string, callback: (message: PubSubMessage<T>) => void, options?: { signal?: AbortSignal | null }): Promise<UnsubscribeFunc>;
  unsubscribe(topic?: string): Promise<void>;
  disconnect(): Promise<void>;
}

export interface BosBaseOptions {
  /** Where the session lives (default "local"). */
  authStore?: "local" | "session" | "memory";
  /** Web Storage key (default "bosbase_auth", the JS SDK's). */
  storageKey?: string;
  /** Accept-Language (default "en-US"). */
  lang?: string;
  /** Per-request timeout in ms (default 60000; 0: none). */
  timeout?: number;
  /** Refresh refreshable tokens this many ms before expiry (default 120000; 0: off). */
  autoRefreshThreshold?: number;
  /** Max ms to wait for another tab's token refresh (default 10000). */
  lockWait?: number;
}

/** The client. Create it after load() resolved. */
export class BosBase {
  constructor(baseURL?: string, options?: BosBaseOptions);
  readonly baseURL: string;
  /** @deprecated Use baseURL. */
  readonly baseUrl: string;
  readonly authStore: AuthStore;
  readonly realtime: RealtimeService;
  readonly pubsub: PubSubService;
  /** @deprecated Use collection("_superusers"). */
  readonly admins: RecordService<AuthRecord>;
  collection<M = RecordModel>(idOrName: string): RecordService<M>;
  filter(raw: string, params?: { [key: string]: any }): string;
  buildURL(path?: string): string;
  send<T = any>(path: string, options?: SendOptions & { method?: string; body?: any }): Promise<T>;
  completeOAuth2Redirect<T = AuthRecord>(options?: AuthOptions): Promise<RecordAuthResponse<T> | null>;
  /** Abort the pending calls made with this options.requestKey. */
  cancelRequest(requestKey: string): BosBase;
  /** Abort every pending call of this client. */
  cancelAllRequests(): BosBase;
  /** JS SDK compatibility; bosgo never auto-cancels calls. */
  autoCancellation(enable: boolean): BosBase;
  dispose(): void;
}

export interface LoadProgress {
  loaded: number;
  /** null when unknown (no Content-Length, or a compressed transfer). */
  total: number | null;
}

export interface LoadOptions {
  /** Default: dist/bosbase.wasm next to bosbase.js. */
  wasmURL?: string | URL;
  /** Default: dist/wasm_exec.js next to bosbase.js. */
  wasmExecURL?: string | URL;
  onProgress?: (progress: LoadProgress) => void;
}

/** Loads and starts the module (once) and resolves to the BosBase class. */
export function load(options?: LoadOptions): Promise<typeof BosBase>;

export default load;
