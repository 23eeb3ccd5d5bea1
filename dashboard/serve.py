"""Run N Tera app processes behind nginx on one store, with the static public site beside them (docs/deploy.md).

`python -m dashboard.serve --processes N --port 8080 [--site DIR] [--db URL]` (or `scripts/serve`) starts
N `streamlit run` processes on loopback ports and an nginx (Debian package) in front of them:

- `/` goes to the app. A visitor is pinned to one process by the `tera_node` cookie, set from the
  address nginx chose for the first request, so Streamlit's websocket, uploads and media of a session
  all reach the process that holds the session. A visitor without the cookie goes to the least busy one.
- `/publik/` serves the static public site folder (`python -m dashboard site`, or TERA_SITE_DIR).

Every process shares the store (PostgreSQL for several processes) and one cookie secret; each checks
the store-wide data version on every rerun, so a load made through one process shows in all at once.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
NGINX = "/usr/sbin/nginx"
COOKIE = "tera_node"
FIRST_PORT = 8501
START_SECONDS = 90.0


def nginx_config(port: int, app_ports: list[int], prefix: Path, site_dir: Path | None = None,
                 user: str | None = None, host: str = "127.0.0.1") -> str:
    """Return an nginx configuration proxying `port` to the app processes (sticky by cookie) and `/publik/` to the site."""
    servers = "\n".join(f"        server 127.0.0.1:{p};" for p in app_ports)
    pinned = "\n".join(f'        "127.0.0.1:{p}" 127.0.0.1:{p};' for p in app_ports)
    site = (f"""
        location /publik/ {{
            alias {site_dir}/;
            index index.html;
            add_header Content-Security-Policy "default-src 'self'; img-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self'" always;
            add_header X-Content-Type-Options nosniff always;
            expires 5m;
        }}""" if site_dir else "")
    app = f"""    upstream tera_any {{
        least_conn;
{servers}
        keepalive 32;
    }}
    # A visitor pinned to a process goes back to it; anyone else to the least busy one.
    map $cookie_{COOKIE} $tera_backend {{
        default tera_any;
{pinned}
    }}
    map $http_upgrade $connection_upgrade {{
        default upgrade;
        "" "";
    }}
""" if app_ports else ""
    location = f"""
        location / {{
            proxy_pass http://$tera_backend;
            proxy_http_version 1.1;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_read_timeout 1d;
            proxy_buffering off;
            add_header Set-Cookie "{COOKIE}=$upstream_addr; Path=/; HttpOnly; SameSite=Lax" always;
        }}""" if app_ports else ""
    return f"""# Written by dashboard/serve.py: {len(app_ports)} Tera app processes behind one nginx.
{f"user {user};" if user else ""}
worker_processes auto;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 4096; multi_accept on; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    sendfile on;
    tcp_nopush on;
    open_file_cache max=20000 inactive=60s;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    client_max_body_size 210m;
{app}    server {{
        listen {host}:{port} backlog=4096;{location}{site}
    }}
}}
"""


@dataclass
class Deployment:
    """Running app processes and nginx; `url` is the address visitors use."""

    url: str
    app_urls: list[str]
    folder: Path
    processes: list[subprocess.Popen] = field(default_factory=list)

    def stop(self) -> None:
        """Stop nginx and every app process (each by its own process id)."""
        for process in reversed(self.processes):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def __enter__(self) -> Deployment:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def _wait_healthy(url: str, process: subprocess.Popen, seconds: float, path: str = "/_stcore/health") -> None:
    deadline = time.monotonic() + seconds
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited with code {process.returncode} before answering")
        try:
            urllib.request.urlopen(f"{url}{path}", timeout=2).read()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{url} did not answer within {seconds:g} s") from None
            time.sleep(0.3)


def start(processes: int, port: int, *, db_url: str | None = None, site_dir: Path | None = None,
          app_ports: list[int] | None = None, folder: Path | None = None, user: str | None = None,
          env: dict[str, str] | None = None, quiet: bool = True, script: Path | None = None) -> Deployment:
    """Start `processes` app processes and nginx on `port` (loopback); return the running deployment.

    With no app process (`processes=0`) nginx serves only the static site.
    `script` runs another Streamlit script instead of Tera (the load test's bare page).
    """
    if not Path(NGINX).exists():
        raise RuntimeError(f"nginx is not installed at {NGINX} (Debian: apt-get install nginx-light)")
    ports = app_ports if app_ports is not None else [FIRST_PORT + i for i in range(processes)]
    folder = Path(folder or tempfile.mkdtemp(prefix="tera-serve-"))
    folder.mkdir(parents=True, exist_ok=True)
    environment = {**os.environ, **(env or {})}
    if db_url:
        environment["DATABASE_URL"] = db_url
    # One secret for every process: a cookie signed by one is accepted by the others.
    environment.setdefault("STREAMLIT_SERVER_COOKIE_SECRET", secrets.token_hex(32))
    output = subprocess.DEVNULL if quiet else None
    deployment = Deployment(url=f"http://127.0.0.1:{port}", app_urls=[f"http://127.0.0.1:{p}" for p in ports],
                            folder=folder)
    try:
        for app_port in ports:
            deployment.processes.append(subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", str(script or REPO_ROOT / "dashboard" / "app.py"),
                 "--server.port", str(app_port), "--server.address", "127.0.0.1", "--server.headless", "true",
                 "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
                cwd=REPO_ROOT, env=environment, stdout=output, stderr=output))
        for url, process in zip(deployment.app_urls, deployment.processes, strict=True):
            _wait_healthy(url, process, START_SECONDS)
        config = folder / "nginx.conf"
        config.write_text(nginx_config(port, ports, folder, site_dir, user), encoding="utf-8")
        nginx = subprocess.Popen([NGINX, "-p", str(folder), "-c", str(config), "-g", "daemon off;"],
                                 stdout=output, stderr=output)
        deployment.processes.append(nginx)
        _wait_healthy(deployment.url, nginx, 20, "/_stcore/health" if ports else "/publik/")
    except BaseException:
        deployment.stop()
        raise
    return deployment


def main(argv: list[str] | None = None) -> int:
    """Run the deployment until interrupted; return the exit code."""
    parser = argparse.ArgumentParser(prog="python -m dashboard.serve", description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=max(1, os.cpu_count() or 1), help="app processes (default: cores)")
    parser.add_argument("--port", type=int, default=8080, help="port nginx listens on (loopback)")
    parser.add_argument("--first-app-port", type=int, default=FIRST_PORT, help="port of the first app process")
    parser.add_argument("--site", type=Path, default=os.environ.get("TERA_SITE_DIR"), help="static site folder (/publik/)")
    parser.add_argument("--db", default=None, help="store URL (default: DATABASE_URL); PostgreSQL for several processes")
    parser.add_argument("--folder", type=Path, default=None, help="nginx configuration and log folder (default: temporary)")
    args = parser.parse_args(argv)
    ports = [args.first_app_port + i for i in range(args.processes)]
    user = "www-data" if os.geteuid() == 0 else None  # never run nginx workers as root
    deployment = start(args.processes, args.port, db_url=args.db, site_dir=args.site, app_ports=ports,
                       folder=args.folder, user=user, quiet=False)
    print(f"Tera: {deployment.url} ({args.processes} processes: {', '.join(deployment.app_urls)})", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        while all(process.poll() is None for process in deployment.processes):
            time.sleep(1)
        return 1
    except (KeyboardInterrupt, SystemExit):
        return 0
    finally:
        deployment.stop()
        if args.folder is None:
            shutil.rmtree(deployment.folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
