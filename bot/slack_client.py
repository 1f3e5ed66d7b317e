"""The one Slack Web API client factory, shared by the app, the digests and the scheduler."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from store.settings import Settings

DEFAULT_API_URL = WebClient.BASE_URL


def with_rate_limit_retry(client: WebClient) -> WebClient:
    """Make ``client`` wait for Retry-After and try again on HTTP 429 (once per client).

    chat.postMessage allows about one message per second per channel; Slack answers 429
    with a Retry-After header beyond that.
    """
    if not any(isinstance(h, RateLimitErrorRetryHandler) for h in client.retry_handlers):
        client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=2))
    return client


def make_client(settings: Settings) -> WebClient:
    """The bot's client: ``SLACK_API_URL`` overrides Slack's base URL; 429s are retried."""
    base_url = settings.slack_api_url or DEFAULT_API_URL
    if not base_url.endswith("/"):
        base_url += "/"
    return with_rate_limit_retry(WebClient(token=settings.slack_bot_token, base_url=base_url))
