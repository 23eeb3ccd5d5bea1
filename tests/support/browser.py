"""The real browser and server for end-to-end tests: Debian chromium, a Streamlit server, waiting, screenshots."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import pytest

from tests.support import REPO_ROOT

CHROMIUM = Path("/usr/bin/chromium")


# Without the background-networking flags chromium keeps trying hosts this closed network refuses.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


SCREENSHOTS = REPO_ROOT / "test-artifacts" / "screenshots"


BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed at /usr/bin/chromium"),
]


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free right now."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(db_url: str, args: tuple[str, ...] = (), port: int | None = None, **env: str):
    """Run `streamlit run dashboard/app.py` on the store `db_url` and yield its base URL (waits up to 60 s).

    `args` are extra Streamlit options (e.g. `--secrets.files PATH`); `port` a port chosen beforehand.
    """
    import os
    import subprocess
    import time
    import urllib.request

    port = port or free_port()
    # The developer's own settings must not change what a test sees (uploads stay off unless asked).
    environment = {key: value for key, value in os.environ.items() if key != "TERA_ALLOW_UPLOAD"}
    environment.update({"DATABASE_URL": db_url, **env})
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard/app.py", "--server.port", str(port),
         "--server.headless", "true", "--browser.gatherUsageStats", "false", *args],
        cwd=REPO_ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    try:
        while True:
            try:
                urllib.request.urlopen(f"{base}/_stcore/health", timeout=2)
                break
            except OSError:
                if time.time() > deadline:
                    pytest.fail("streamlit did not start within 60 s")
                time.sleep(0.5)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def settle(page) -> None:
    """Wait until the script runs are over (a chart's first selection state may start one more) and drawn."""
    for _ in range(3):
        page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
                               timeout=60_000)
        page.wait_for_timeout(800)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=30_000)


def open_settled(page, url: str, wait_for: str) -> None:
    """Go to `url`, wait for the element `wait_for` (a CSS selector) or the text (anything else), and let the run end."""
    page.goto(url, wait_until="domcontentloaded")
    found = page.locator(wait_for) if wait_for.startswith("[") else page.get_by_text(wait_for, exact=False)
    found.first.wait_for(timeout=60_000)
    settle(page)


def full_shot(page, name: str) -> None:
    """Screenshot the whole page at 1440 px wide, growing the viewport until the content stops growing."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # Grow the viewport to the content until it stops growing (late charts add height).
    shown = 0
    for _ in range(4):
        height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
        target = min(max(900, int(height) + 40), 14000)
        if target == shown:
            break
        page.set_viewport_size({"width": 1440, "height": target})
        shown = target
        settle(page)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
