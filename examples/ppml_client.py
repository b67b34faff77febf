"""What every example shares: the base URL, the admin token, one HTTP call, problems, and a fresh tenant.

Python standard library only, so that the examples run with nothing but `python3`. Not a full client: just enough
for the examples to read as the API calls they make. Each example imports it from its own directory.

- The base URL comes from `--base-url`, else the environment variable `PPML_URL`, else http://localhost:8080.
- The admin token (needed only to create the examples' tenants) comes from `--admin-token-file`, else the
  environment variable `PPML_ADMIN_TOKEN`, else `$PPML_DATA_DIR/admin-token`, else `data/admin-token` in the current
  directory or in the repository the examples sit in — where `./mvnw spring-boot:run` writes it on its first start.
- Every POST that creates something or spends budget sends a fresh `Idempotency-Key` (a UUID4), so that a retry of
  the same call would be answered from the service's stored response instead of being charged again.
- An error answer is an RFC 9457 problem; it is raised as `Problem`, and `run` prints its `detail` and exits 1.
"""
import argparse
import json
import os
import sys
import time
import urllib.error
import urllib.request
import uuid
from decimal import Decimal
from pathlib import Path

if sys.version_info < (3, 8):
    sys.exit("the examples need Python 3.8 or later (this is %s)" % sys.version.split()[0])

DEFAULT_URL = "http://localhost:8080"
REPOSITORY = Path(__file__).resolve().parent.parent


class Problem(Exception):
    """An error answer (4xx/5xx) from the service: an RFC 9457 problem with `status`, `code` and `detail`."""

    def __init__(self, method, path, status, body):
        self.status = status
        try:
            self.problem = json.loads(body)
        except ValueError:
            self.problem = {"detail": body.decode("utf-8", "replace")[:500]}
        self.code = self.problem.get("code")
        self.detail = self.problem.get("detail") or self.problem.get("title") or "HTTP %d" % status
        errors = self.problem.get("errors") or []
        fields = "; ".join("%s: %s" % (e.get("field"), e.get("message")) for e in errors)
        shown = self.detail if not fields or fields in self.detail else "%s (%s)" % (self.detail, fields)
        super().__init__("%s %s answered %d %s: %s" % (method, path, status, self.code or "", shown))


class Failure(Exception):
    """A problem on the example's side (no token, no service, a result that does not check out)."""


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self, exact=False):
        """The body as JSON; `exact=True` reads numbers with a fraction or exponent as Decimal, keeping every digit
        (an exact HE sum, say), where a float would round them."""
        if not self.body:
            return None
        return json.loads(self.body, parse_float=Decimal) if exact else json.loads(self.body)


class Client:
    """One service instance, called with one bearer secret (an API key, or the admin token)."""

    def __init__(self, base_url, secret):
        self.base_url = base_url.rstrip("/")
        self.secret = secret

    def as_key(self, secret):
        """The same instance, called with another secret."""
        return Client(self.base_url, secret)

    def request(self, method, path, body=None, headers=None, idempotent=False):
        """Sends one request; returns the Response of a 2xx answer and raises Problem for an error answer.

        `body` is a dict or list (sent as JSON) or bytes (sent as they are; set Content-Type in `headers`).
        `idempotent=True` adds a fresh Idempotency-Key; pass your own in `headers` to retry a call."""
        data = None
        all_headers = {"Authorization": "Bearer " + self.secret, "Accept": "application/json"}
        if isinstance(body, (bytes, bytearray)):
            data = bytes(body)
        elif body is not None:
            data = json.dumps(body).encode("utf-8")
            all_headers["Content-Type"] = "application/json"
        if idempotent:
            all_headers["Idempotency-Key"] = str(uuid.uuid4())
        all_headers.update(headers or {})
        request = urllib.request.Request(self.base_url + path, data=data, method=method, headers=all_headers)
        try:
            with urllib.request.urlopen(request, timeout=120) as answer:
                return Response(answer.status, answer.headers, answer.read())
        except urllib.error.HTTPError as error:
            raise Problem(method, path, error.code, error.read()) from None
        except urllib.error.URLError as error:
            raise Failure("cannot reach the service at %s (%s); start it with ./mvnw spring-boot:run, or give "
                          "--base-url / PPML_URL" % (self.base_url, error.reason)) from None

    def get(self, path, exact=False, **kwargs):
        return self.request("GET", path, **kwargs).json(exact)

    def post(self, path, body=None, exact=False, **kwargs):
        return self.request("POST", path, body if body is not None else {}, **kwargs).json(exact)

    def put(self, path, body, exact=False, **kwargs):
        return self.request("PUT", path, body, **kwargs).json(exact)


def arguments(description, several=False):
    """An argument parser with the options every example shares: --base-url and --admin-token-file.

    With `several`, both may be repeated, one per service instance; see `instances`."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    repeat = {"action": "append"} if several else {}
    parser.add_argument("--base-url", **repeat,
                        help="the service (env PPML_URL; default %s)%s"
                        % (DEFAULT_URL, "; repeat it for each instance" if several else ""))
    parser.add_argument("--admin-token-file", **repeat,
                        help="a file holding the admin token (without it: env PPML_ADMIN_TOKEN, else "
                        "$PPML_DATA_DIR/admin-token, else data/admin-token)%s"
                        % ("; repeat it, one per --base-url, when the instances have different tokens"
                           if several else ""))
    return parser


def base_url(args):
    """The base URL of a one-instance example: --base-url, else env PPML_URL, else the default."""
    return args.base_url or os.environ.get("PPML_URL", DEFAULT_URL)


def instances(args):
    """[(base URL, admin token)] of a several-instance example: each --base-url with its --admin-token-file (one
    file, or none, serves every instance)."""
    urls = args.base_url or [os.environ.get("PPML_URL", DEFAULT_URL)]
    files = args.admin_token_file or [None]
    if len(files) not in (1, len(urls)):
        raise Failure("give one --admin-token-file for every --base-url, or a single one for all")
    return [(url, admin_token(files[0] if len(files) == 1 else files[i])) for i, url in enumerate(urls)]


def admin_token(token_file=None):
    """The admin token: from the file given, else env PPML_ADMIN_TOKEN, else the service's default data directory."""
    if token_file:
        candidates = [Path(token_file)]
    else:
        token = os.environ.get("PPML_ADMIN_TOKEN", "").strip()
        if token:
            return token
        candidates = []
        if os.environ.get("PPML_DATA_DIR"):
            candidates.append(Path(os.environ["PPML_DATA_DIR"]) / "admin-token")
        candidates += [Path("data") / "admin-token", REPOSITORY / "data" / "admin-token"]
    for candidate in candidates:
        if candidate.is_file():
            return candidate.read_text().strip()
    raise Failure("no admin token: give --admin-token-file, or set PPML_ADMIN_TOKEN; looked for %s. The service "
                  "writes data/admin-token on its first start (./mvnw spring-boot:run in the repository)"
                  % ", ".join(str(c) for c in candidates))


def create_tenant(base_url, token, prefix, epsilon_budget, delta_budget):
    """A new tenant with a unique name (so the example can run any number of times); a Client with its OWNER key."""
    admin = Client(base_url, token)
    name = "%s-%s" % (prefix, uuid.uuid4().hex[:8])
    try:
        tenant = admin.post("/v1/admin/tenants", {"name": name, "epsilonBudget": epsilon_budget,
                                                  "deltaBudget": delta_budget}, idempotent=True)
    except Problem as problem:
        if problem.status != 401:
            raise
        raise Failure("%s refused the admin token (%s): is it the token of this instance (its data/admin-token, "
                      "or the PPML_ADMIN_TOKEN it was started with)?" % (base_url, problem.detail)) from None
    print("tenant %s on %s (budget epsilon %s, delta %s)" % (name, base_url, epsilon_budget, delta_budget))
    return admin.as_key(tenant["apiKey"]["secret"])


def new_tenant(args, prefix, epsilon_budget, delta_budget):
    """create_tenant on the instance and with the admin token that a one-instance example's arguments name."""
    return create_tenant(base_url(args), admin_token(args.admin_token_file), prefix, epsilon_budget, delta_budget)


def run(main):
    """Runs an example's main(); a problem or failure prints one line to stderr and exits with status 1."""
    started = time.monotonic()
    for stream in (sys.stdout, sys.stderr):
        stream.reconfigure(errors="backslashreplace")  # a terminal that cannot show ε still shows the rest
    try:
        main()
    except Problem as problem:
        sys.exit("error: %s" % problem)
    except Failure as failure:
        sys.exit("error: %s" % failure)
    except KeyboardInterrupt:
        sys.exit("interrupted")
    print("done in %.1f s" % (time.monotonic() - started))
