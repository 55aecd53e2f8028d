"""Response headers every service sends, and which proxy headers it believes."""
from __future__ import annotations

from flask import Flask, g, request
from werkzeug.middleware.proxy_fix import ProxyFix

# Pages load nothing from elsewhere and carry no inline script or style (their scripts
# and styles are static files): `'self'` is all they need.
CONTENT_SECURITY_POLICY = ("default-src 'self'; img-src 'self' data:; object-src 'none'; "
                           "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HSTS = "max-age=31536000; includeSubDomains"


def trust_proxy(app: Flask, hops: int) -> None:
    """Believe X-Forwarded-For/-Proto only as set by `hops` proxies in front of the app
    (0: none, the client's own headers are ignored); never the host or the prefix, which
    the proxy does not set."""
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=0,
                                x_port=0, x_prefix=0)


def install_security_headers(app: Flask) -> None:
    @app.after_request
    def _security_headers(response):
        headers = response.headers
        headers.setdefault("X-Request-Id", g.get("request_id", ""))
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        if request.is_secure:
            headers.setdefault("Strict-Transport-Security", HSTS)
        if not _is_static(request.endpoint):
            # pages and answers hold personal data: no shared or browser cache keeps them
            headers.setdefault("Cache-Control", "no-store")
        return response


def _is_static(endpoint: str | None) -> bool:
    return bool(endpoint) and (endpoint == "static" or endpoint.endswith(".static"))
