/** The OpenAPI security scheme the REST controllers name, and the header it reads. */
export const API_KEY_SCHEME = 'api-key';
export const API_KEY_HEADER = 'x-api-key';
