"""The nginx configuration of several app processes: valid for nginx, cookie-pinned, the site beside the app."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from dashboard.serve import COOKIE, NGINX, nginx_config

CASES = [
    ("two processes and the site", [8501, 8502], True),
    ("one process, no site", [8501], False),
    ("the site alone", [], True),
]


@pytest.mark.parametrize(("name", "ports", "with_site"), CASES, ids=[c[0] for c in CASES])
def test_nginx_accepts_the_configuration(tmp_path, name, ports, with_site):
    if not Path(NGINX).exists():
        pytest.skip("nginx (Debian package) is not installed")
    site = tmp_path / "site" if with_site else None
    text = nginx_config(18080, ports, tmp_path, site, user="root" if os.geteuid() == 0 else None)
    for port in ports:
        assert f'"127.0.0.1:{port}" 127.0.0.1:{port};' in text  # a pinned visitor goes back to its process
    assert (f"{COOKIE}=$upstream_addr" in text) == bool(ports)
    assert ("location /publik/" in text) == with_site
    (tmp_path / "nginx.conf").write_text(text, encoding="utf-8")
    checked = subprocess.run([NGINX, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                             capture_output=True, text=True, timeout=30)
    assert checked.returncode == 0, checked.stderr
