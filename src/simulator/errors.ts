// Genesys ErrorBody and the exception route handlers throw to produce one.
export interface ErrorDetail {
  errorCode: string;
  fieldName?: string;
  entityId?: string;
  entityName?: string;
}

export interface ErrorBody {
  message: string;
  code: string;
  status: number;
  entityId?: string;
  messageWithParams: string;
  messageParams: Record<string, string>;
  contextId: string;
  details: ErrorDetail[];
  errors: ErrorBody[];
}

export interface ApiErrorOptions {
  details?: ErrorDetail[];
  entityId?: string;
  /** Message with {name} placeholders; `message` is this with messageParams filled in. */
  messageWithParams?: string;
  messageParams?: Record<string, string>;
  headers?: Record<string, string>;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly options: ApiErrorOptions = {},
  ) {
    super(message);
  }

  toBody(contextId: string): ErrorBody {
    const body: ErrorBody = {
      message: this.message,
      code: this.code,
      status: this.status,
      messageWithParams: this.options.messageWithParams ?? this.message,
      messageParams: this.options.messageParams ?? {},
      contextId,
      details: this.options.details ?? [],
      errors: [],
    };
    if (this.options.entityId !== undefined) body.entityId = this.options.entityId;
    return body;
  }
}

/** Builds an error whose message names a field, with the field in details[] too. */
export function fieldError(status: number, code: string, fieldName: string, template: string): ApiError {
  return new ApiError(status, code, template.replaceAll("{fieldName}", fieldName), {
    messageWithParams: template,
    messageParams: { fieldName },
    details: [{ errorCode: code, fieldName }],
  });
}

export function notFound(): ApiError {
  return new ApiError(404, "not.found", "The requested resource was not found.");
}

const serverErrorCodes: Record<number, string> = {
  500: "internal.server.error",
  503: "service.unavailable",
  504: "request.timeout",
};

export function serverError(status: number): ApiError {
  const code = serverErrorCodes[status] ?? "internal.server.error";
  return new ApiError(status, code, `The simulator answered ${status} (${code}) as instructed by a fault.`);
}

export function rateLimited(retryAfterSeconds: number): ApiError {
  return new ApiError(429, "too.many.requests.retry.after", `Rate limit exceeded the maximum. Retry the request in [${retryAfterSeconds}] seconds`, {
    messageWithParams: "Rate limit exceeded the maximum. Retry the request in [{retryAfterSeconds}] seconds",
    messageParams: { retryAfterSeconds: String(retryAfterSeconds) },
    headers: { "Retry-After": String(retryAfterSeconds) },
  });
}
