namespace Tracker.Api.Infrastructure.OpenApi;

/// <summary>The document's introduction (Markdown), shown first on /docs.</summary>
internal static class Introduction
{
    public const string Markdown = """
        Tracker implements the **WebWork Tracker REST API V2**. Every path below starts with `/api/v2`, bodies are JSON
        in snake_case (form-encoded bodies are read too), and every answer is an envelope.

        ## Authentication
        Send `Authorization: Bearer <token>` on every request. Two kinds of token are accepted:

        - **Personal access token** (`trk_pat_…`): made by an operator with the server's `token create --email …`
          command. It acts as its user with every scope.
        - **OAuth 2.0 access token**: authorization code flow with PKCE for a registered app (`oauth-client create`).
          Send the user to `GET /oauth/authorize` with `client_id`, `redirect_uri`, `response_type=code`, `scope`,
          `state`, `code_challenge` and `code_challenge_method=S256`; exchange the code at `POST /oauth/token`
          (`grant_type=authorization_code`), and refresh there with `grant_type=refresh_token`. Revoke at
          `POST /oauth/revoke`.
          Scopes: `read` (every GET), `write` (every other method; implies `read`), `admin` (members and webhooks;
          implies `write`).

        A missing or invalid token is a 401; a token without the scope an operation needs is a 403 naming the scope.

        ## Workspaces and roles
        Every operation except `GET /workspaces` takes `workspace_id` (query string, or the JSON body on writes). A
        workspace you are not a member of is a 403; an id of another workspace's object is a 404. Each operation says
        which roles may call it: Owner, Executive manager, Team manager, Project manager, Regular User, Project viewer.

        ## Rate limit
        60 requests per minute per user. Every answer carries `X-RateLimit-Limit`, `X-RateLimit-Remaining`,
        `RateLimit` and `RateLimit-Policy`. Past the limit the answer is a 429 with `Retry-After` (seconds) and
        `X-RateLimit-Reset`.

        ## Pagination
        Lists take `page` (from 1) and `per_page` (1 to 100, default 20) and describe the page in `meta.pagination`:

        ```json
        { "total": 57, "per_page": 20, "current_page": 2, "last_page": 3, "from": 21, "to": 40 }
        ```

        `from` and `to` are null on an empty page. `GET /contracts` also repeats `pagination` at the top level.

        ## Envelope and errors
        Success: `{"success": true, "message": "…", "data": …, "meta": {"api_version": "2.0.0", "timestamp": "…"}}`
        (`message` only when there is one). Errors use one shape, `ErrorResponse`:

        ```json
        { "success": false, "message": "The email field is required.", "error": null,
          "errors": { "email": ["The email field is required."] },
          "meta": { "api_version": "2.0.0", "timestamp": "2025-02-19T19:24:55Z" } }
        ```

        `errors` (field → messages) is present on 422 only; `error` is a short code where one applies, else null. Codes: 400 a business rule is not met, 401 no valid token,
        403 not allowed (workspace, role or scope), 404 not found in this workspace, 409 a lost race, 422 validation,
        429 rate limit. Numbers are always written as JSON numbers; on input, numeric strings such as `"42"` and the
        booleans `"true"`, `"1"` are read as well. Instants are written `2025-02-19T19:24:55.000000Z` (UTC), dates
        `YYYY-MM-DD`.

        ## Idempotency-Key
        Any POST may carry `Idempotency-Key: <unique string, up to 255 characters>`. The first answer is kept for 24
        hours and replayed to retries with the same key, so a retried create or start creates nothing new. The same key
        with a different request is a 422; a retry while the first request still runs is a 409. 5xx answers are not
        kept, so they may be retried.

        ## Webhook signatures
        Each delivery is a POST of JSON with the headers `webhook-id`, `webhook-timestamp` (Unix seconds) and
        `webhook-signature: v1,<base64>` ([Standard Webhooks](https://www.standardwebhooks.com/)), where the signature is
        HMAC-SHA256 over `{webhook-id}.{webhook-timestamp}.{raw body}`, keyed with the base64-decoded part of your
        `whsec_…` secret after the prefix. To verify: recompute it over the raw bytes you received, compare in constant
        time, and reject timestamps more than five minutes from your clock. `X-Webhook-Signature: sha256=<hex>` carries
        the same HMAC in hex, keyed with the whole secret string, for receivers of the older form. Answer 2xx within 10
        seconds; other answers are retried with backoff.
        """;
}
