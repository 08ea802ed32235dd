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
  /**
   * The call's request key: a pending call with the same key is cancelled
   * when this one starts (default: method + path); null: never
   * auto-cancelled. Also used by pb.cancelRequest(requestKey).
   */
  requestKey?: string | null;
  /** @deprecated Use requestKey. */
  $cancelKey?: string;
  /** @deprecated Use requestKey: null. */
  $autoCancel?: boolean;
  /** The fetch this call's requests go through (default: the global fetch). */
  fetch?: (url: RequestInfo | URL, config?: RequestInit) => Promise<Response>;
  /** @deprecated Query parameters, merged into query. */
  params?: Record<string, any>;
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
  | "oauth2_unsafe_url"
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
  | "bad_call"
  | "unsupported"
  | "exited"
  | "internal"
  | (string & {});

/**
 * The one error type, constructed as in the BosBase JS SDK: from a plain
 * object or another ClientResponseError ({url, status, response | data,
 * isAbort, originalError}), or wrapping any other value (an Error, a
 * DOMException, which counts as an abort) as originalError and cause.
 */
export class ClientResponseError extends Error {
  constructor(errData?: any);
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
  cause: any;
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

/** What exportToCookie's options and cookieSerialize take. */
export interface SerializeOptions {
  encode?: (val: string | number | boolean) => string;
  maxAge?: number;
  domain?: string;
  path?: string;
  expires?: Date;
  httpOnly?: boolean;
  secure?: boolean;
  priority?: string;
  sameSite?: boolean | string;
}

export interface ParseOptions {
  decode?: (val: string) => string;
}

/** The JS SDK's memory store; the base of every store (subclass it to persist or react). */
export class BaseAuthStore {
  protected baseToken: string;
  protected baseModel: AuthRecord | null;
  get token(): string;
  get record(): AuthRecord | null;
  /** @deprecated Use record. */
  get model(): AuthRecord | null;
  get isValid(): boolean;
  get isSuperuser(): boolean;
  /** @deprecated Use isSuperuser. */
  get isAdmin(): boolean;
  /** @deprecated Use !isSuperuser. */
  get isAuthRecord(): boolean;
  save(token: string, record?: AuthRecord | null): void;
  clear(): void;
  /** Reads the session from a Cookie header (key default "pb_auth"). */
  loadFromCookie(cookie: string, key?: string): void;
  /** The session as a Set-Cookie value (Secure, HttpOnly, SameSite=Strict, Path=/, Expires = token exp). */
  exportToCookie(options?: SerializeOptions, key?: string): string;
  /** callback(token, record) after every save and clear; returns its remover. */
  onChange(callback: (token: string, record: AuthRecord | null) => void, fireImmediately?: boolean): () => void;
  protected triggerChange(): void;
}

/** The JS SDK's localStorage store (memory where there is none, e.g. a worker). */
export class LocalAuthStore extends BaseAuthStore {
  constructor(storageKey?: string);
}

export type AsyncSaveFunc = (serializedPayload: string) => Promise<void>;
export type AsyncClearFunc = () => Promise<void>;

/** The JS SDK's store persisted by your async functions, called in order. */
export class AsyncAuthStore extends BaseAuthStore {
  constructor(config: { save: AsyncSaveFunc; clear?: AsyncClearFunc; initial?: string | Promise<any> });
}

/**
 * pb.authStore of a client with a built-in store ("local", "session",
 * "memory"). With a store of your own, pb.authStore is that store and
 * kind, storageKey and persistent are undefined.
 */
export interface AuthStore extends BaseAuthStore {
  readonly kind: "local" | "session" | "memory";
  readonly storageKey: string | null;
  readonly persistent: boolean;
  /** The callback also gets {kind, external} (the change came from another tab). */
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
  /**
   * A plain object is sent as JSON, or as multipart when a value is a
   * File/Blob (or a list of them; other object values travel as
   * "@jsonPayload"); a FormData is sent as it is. "field+" appends files,
   * "field-" removes files by name.
   */
  create<T = M>(bodyParams?: { [key: string]: any } | FormData, options?: RecordOptions): Promise<T>;
  update<T = M>(id: string, bodyParams?: { [key: string]: any } | FormData, options?: RecordOptions): Promise<T>;
  /** The number of records matching filter (BosBase's records/count). */
  getCount(filter?: string, options?: CommonOptions): Promise<number>;
  /** The OAuth2 links (_externalAuths records) of the auth record recordId. */
  listExternalAuths(recordId: string, options?: ListOptions): Promise<ExternalAuthModel[]>;
  /** Removes the link of recordId with provider; rejects with 404 when there is none. */
  unlinkExternalAuth(recordId: string, provider: string, options?: CommonOptions): Promise<boolean>;
  delete(id: string, options?: SendOptions): Promise<boolean>;
  subscribe<T = M>(topic: string, callback: (data: RecordSubscription<T>) => void, options?: RecordSubscribeOptions): Promise<UnsubscribeFunc>;
  unsubscribe(topic?: string): Promise<void>;

  listAuthMethods(options?: CommonOptions): Promise<AuthMethodsList>;
  authWithPassword<T = AuthRecord>(usernameOrEmail: string, password: string, options?: AuthOptions): Promise<RecordAuthResponse<T>>;
  authWithOTP<T = AuthRecord>(otpId: string, password: string, options?: AuthOptions): Promise<RecordAuthResponse<T>>;
  requestOTP(email: string, options?: CommonOptions): Promise<OTPResponse>;
  authRefresh<T = AuthRecord>(options?: RecordOptions): Promise<RecordAuthResponse<T>>;
  /** @deprecated Use authRefresh(options). */
  authRefresh<T = AuthRecord>(body?: any, query?: any): Promise<RecordAuthResponse<T>>;
  authWithOAuth2Code<T = AuthRecord>(provider: string, code: string, codeVerifier: string, redirectURL: string, createData?: { [key: string]: any }, options?: AuthOptions): Promise<RecordAuthResponse<T>>;
  /** @deprecated Use the options form. */
  authWithOAuth2Code<T = AuthRecord>(provider: string, code: string, codeVerifier: string, redirectURL: string, createData?: { [key: string]: any }, body?: any, query?: any): Promise<RecordAuthResponse<T>>;
  authWithOAuth2<T = AuthRecord>(config: OAuth2AuthConfig): Promise<RecordAuthResponse<T>>;
  /** @deprecated Use authWithOAuth2Code. */
  authWithOAuth2<T = AuthRecord>(provider: string, code: string, codeVerifier: string, redirectURL: string, createData?: { [key: string]: any }, body?: any, query?: any): Promise<RecordAuthResponse<T>>;
  authWithOAuth2Redirect(config: OAuth2RedirectConfig): Promise<void>;
  requestPasswordReset(email: string, options?: CommonOptions): Promise<boolean>;
  /** @deprecated Use the options form. */
  requestPasswordReset(email: string, body?: any, query?: any): Promise<boolean>;
  confirmPasswordReset(passwordResetToken: string, password: string, passwordConfirm: string, options?: CommonOptions): Promise<boolean>;
  /** @deprecated Use the options form. */
  confirmPasswordReset(passwordResetToken: string, password: string, passwordConfirm: string, body?: any, query?: any): Promise<boolean>;
  requestVerification(email: string, options?: CommonOptions): Promise<boolean>;
  /** @deprecated Use the options form. */
  requestVerification(email: string, body?: any, query?: any): Promise<boolean>;
  confirmVerification(verificationToken: string, options?: CommonOptions): Promise<boolean>;
  /** @deprecated Use the options form. */
  confirmVerification(verificationToken: string, body?: any, query?: any): Promise<boolean>;
  requestEmailChange(newEmail: string, options?: CommonOptions): Promise<boolean>;
  /** @deprecated Use the options form. */
  requestEmailChange(newEmail: string, body?: any, query?: any): Promise<boolean>;
  confirmEmailChange(emailChangeToken: string, password: string, options?: CommonOptions): Promise<boolean>;
  /** @deprecated Use the options form. */
  confirmEmailChange(emailChangeToken: string, password: string, body?: any, query?: any): Promise<boolean>;
  impersonate(recordId: string, duration?: number, options?: RecordOptions): Promise<BosBase>;
  bindToken(email: string, password: string, token: string, options?: CommonOptions): Promise<boolean>;
  unbindToken(email: string, password: string, token: string, options?: CommonOptions): Promise<boolean>;
  /** bindToken under the JS SDK's name. */
  bindCustomToken(email: string, password: string, token: string, options?: CommonOptions): Promise<boolean>;
  /** unbindToken under the JS SDK's name. */
  unbindCustomToken(email: string, password: string, token: string, options?: CommonOptions): Promise<boolean>;
  authWithToken<T = AuthRecord>(token: string, options?: AuthOptions): Promise<RecordAuthResponse<T>>;
}

/** An OAuth2 link of an auth record (a record of _externalAuths). */
export interface ExternalAuthModel extends RecordModel {
  recordRef: string;
  collectionRef: string;
  provider: string;
  providerId: string;
}

/** Query parameters of pb.files.getURL; other keys are sent as they are. */
export interface FileQueryParams {
  /** A thumb size of the field, e.g. "100x100". */
  thumb?: string;
  /** true: served as an attachment (download=false is dropped). */
  download?: boolean;
  /** A file token from pb.files.getToken(), for protected files. */
  token?: string;
  [key: string]: any;
}

/** pb.files: file URLs and tokens. */
export interface FileService {
  /** The absolute URL of a record's file; "" without filename, record id or collection. */
  getURL(record: { [key: string]: any }, filename: string, queryParams?: FileQueryParams): string;
  /** @deprecated Use getURL. */
  getUrl(record: { [key: string]: any }, filename: string, queryParams?: FileQueryParams): string;
  /** A short-lived file token for protected files (needs a session). */
  getToken(options?: CommonOptions): Promise<string>;
}

/** The answer of pb.health.check(). */
export interface HealthCheckResponse {
  code: number;
  message: string;
  data: { [key: string]: any };
}

/** pb.health. */
export interface HealthService {
  check(options?: CommonOptions): Promise<HealthCheckResponse>;
}

export interface RecordSubscribeOptions extends SendOptions {
  expand?: string;
  filter?: string;
  fields?: string;
}

/** pb.realtime. */
export interface RealtimeService {
  /** Whether the connection is up (the tabs' shared one once this client subscribed through it). */
  readonly isConnected: boolean;
  /** The connection's client id, or "" (the shared connection's once this client subscribed through it). */
  readonly clientId: string;
  subscribe(topic: string, callback: (data: any) => void, options?: RecordSubscribeOptions): Promise<UnsubscribeFunc>;
  unsubscribe(topic?: string): Promise<void>;
  /** Removes the subscriptions whose key (topic, plus ?options=… when made with options) starts with keyPrefix. */
  unsubscribeByPrefix(keyPrefix: string): Promise<void>;
  /** Removes topic's subscriptions made with listener. */
  unsubscribeByTopicAndListener(topic: string, listener: (data: any) => void): Promise<void>;
  /**
   * Called when a connection closes: after a drop (before reconnecting)
   * with the active subscription keys, or with [] once nothing is
   * subscribed.
   */
  onDisconnect?: (activeSubscriptions: Array<string>) => void;
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
  /** Publishes the JS SDK's realtime envelope {event, payload, ref}. */
  realtimePublish<T = any>(topic: string, event: string, payload: T, ref?: string): Promise<PublishAck>;
  /** Delivers each message of topic as the JS SDK's RealtimeMessage. */
  realtimeSubscribe<T = any>(topic: string, callback: (message: RealtimeMessage<T>) => void): Promise<UnsubscribeFunc>;
  unsubscribe(topic?: string): Promise<void>;
  disconnect(): Promise<void>;
}

/** A pub/sub message read as the JS SDK's realtime envelope. */
export interface RealtimeMessage<T = any> {
  topic: string;
  /** The application's event name, e.g. "join" ("" when the data is no envelope). */
  event: string;
  payload: T;
  ref?: string;
  id?: string;
  created?: string;
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
  /** false: no auto-cancellation (as autoCancellation(false)). */
  autoCancellation?: boolean;
  /**
   * false: this client's realtime subscriptions use a connection of its
   * own. By default, with the "local" store and where Web Locks and
   * BroadcastChannel exist, the tabs of an origin share one realtime
   * connection per base URL and storage key (docs/realtime.md).
   */
  sharedRealtime?: boolean;
}

/** What beforeSend may return: {url, options}, or (deprecated) the options. */
export interface BeforeSendResult {
  [key: string]: any;
  url?: string;
  options?: { [key: string]: any };
}

/**
 * The client. Create it after load() resolved (or import the default
 * export of sdk.js, which is this class, ready). It takes the JS SDK's
 * arguments, or bosgo's options object.
 */
export class BosBase {
  constructor(baseURL?: string, authStore?: BaseAuthStore | null, lang?: string);
  constructor(baseURL?: string, options?: BosBaseOptions);
  /** As given; a relative one is resolved on every request against the page or worker. Settable. */
  baseURL: string;
  /** @deprecated Use baseURL. */
  baseUrl: string;
  /** Accept-Language of the calls (default "en-US"). */
  lang: string;
  /** Runs before each request; may change the url and the fetch options. */
  beforeSend?: (url: string, options: SendOptions) => BeforeSendResult | Promise<BeforeSendResult>;
  /** Runs after each response; what it returns replaces the data. */
  afterSend?: (response: Response, data: any, options: SendOptions) => any;
  /** Assigning another store takes effect for the next calls. */
  get authStore(): AuthStore;
  set authStore(store: BaseAuthStore);
  readonly realtime: RealtimeService;
  readonly pubsub: PubSubService;
  readonly files: FileService;
  readonly health: HealthService;
  /** @deprecated Use collection("_superusers"). */
  readonly admins: RecordService<AuthRecord>;
  collection<M = RecordModel>(idOrName: string): RecordService<M>;
  /**
   * The JS SDK's filter: binds {:name} placeholders in raw with escaped
   * values; an unmatched placeholder stays as it is. Unlike the JS SDK,
   * booleans become '1' / '0', which BosBase on PostgreSQL accepts (it
   * answers 400 to `published = true`) and SQLite servers evaluate alike.
   */
  filter(raw: string, params?: { [key: string]: any }): string;
  /** filter that rejects an unmatched placeholder or unrenderable value (code "filter_value"). */
  filterStrict(raw: string, params?: { [key: string]: any }): string;
  buildURL(path?: string): string;
  /** @deprecated Use buildURL. */
  buildUrl(path?: string): string;
  send<T = any>(path: string, options?: SendOptions & { method?: string; body?: any }): Promise<T>;
  completeOAuth2Redirect<T = AuthRecord>(options?: AuthOptions): Promise<RecordAuthResponse<T> | null>;
  /** Abort the pending calls made with this options.requestKey. */
  cancelRequest(requestKey: string): BosBase;
  /** Abort every pending call of this client. */
  cancelAllRequests(): BosBase;
  /** false: a call no longer cancels the pending one with the same request key. */
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

export function cookieParse(str: string, options?: ParseOptions): { [key: string]: any };
export function cookieSerialize(name: string, val: string, options?: SerializeOptions): string;
/** The JWT's payload, not verified; {} when not a token. */
export function getTokenPayload(token: string): { [key: string]: any };
/** Whether token is undecodable or its exp is within expirationThreshold seconds. */
export function isTokenExpired(token: string, expirationThreshold?: number): boolean;
/** Moves, in place, the option keys that are not send options into options.query. */
export function normalizeUnknownQueryParams(options?: SendOptions): void;
export function serializeQueryParams(params: { [key: string]: any }): string;

/** Loads and starts the module (once) and resolves to the BosBase class. */
export function load(options?: LoadOptions): Promise<typeof BosBase>;

export default load;
