#!/usr/bin/env python3
"""End-to-end browser test of Earshot's transparency center (server-rendered HTML, no JavaScript).

Starts `earshot serve --demo` on a free port with a fresh temporary database, drives headless
Chromium through the center with Selenium, and checks what a person, a teen, a parent and an
advertiser see. The whole scenario runs once at a phone width (390x844) and once at a desktop
width (1280x900), each against its own fresh server, and saves a full-page screenshot of every
page visited.

Every page visited is also checked for: HTTP status, size under 100 KB, <html lang>, exactly one
<h1>, a label for every input, and no text of the demo conversations.

Environment:
  EARSHOT_BIN          server binary (default .build/release/earshot)
  BROWSER_ARTIFACTS    screenshot directory (default .build/artifacts/browser)
  CHROMIUM_BIN         browser (default /usr/bin/chromium)
  CHROMEDRIVER_BIN     driver (default /usr/bin/chromedriver)
  BROWSER_VIEWPORTS    comma-separated subset of "phone,desktop" (default both)

Plain asserts; prints one line per check and a closing "N passed, N failed" line; exits 1 on any failure.
"""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.request
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(os.environ.get("EARSHOT_BIN") or ROOT / ".build/release/earshot")
ARTIFACTS = Path(os.environ.get("BROWSER_ARTIFACTS") or ROOT / ".build/artifacts/browser")
CHROMIUM = os.environ.get("CHROMIUM_BIN") or "/usr/bin/chromium"
CHROMEDRIVER = os.environ.get("CHROMEDRIVER_BIN") or "/usr/bin/chromedriver"
VIEWPORTS = {"phone": (390, 844), "desktop": (1280, 900)}
PAGE_LIMIT = 100 * 1024
WAIT = 15  # seconds for a page to arrive


# ---------------------------------------------------------------- demo conversation text

FALLBACK_SENTENCES = [
    "Can you plan a 3-day hiking trip in the mountains? I need new hiking boots and a light tent for camping.",
    "Which national park has the best trails and a lodge nearby?",
    "A person holding trail running shoes in an outdoor store.",
    "Find me a cheap flight to Denver and a hotel near the trailhead.",
    "Hiking boots and a backpack on a mountain trail.",
    "What laptop should I buy for programming under 1000 dollars?",
    "My doctor just diagnosed me with type 2 diabetes, what should I eat?",
    "Recipe ideas for a quick pasta dinner tonight",
    "Best hotels in Busan for a weekend trip?",
    "Quero comprar a camisa nova do Flamengo e ingressos para o jogo de futebol",
    "Video of a football match with fans celebrating a goal in the stadium",
]


def conversation_fragments():
    """The demo conversations' sentences (read from DemoWorld.swift when it is there), split into
    clauses so that a partial quote is caught too."""
    sentences = []
    src = ROOT / "Sources/EarshotEngine/DemoWorld.swift"
    if src.exists():
        text = src.read_text(encoding="utf-8")
        sentences += re.findall(r'let \w+ = "((?:[^"\\]|\\.)+)"', text)
        sentences += re.findall(r'ev\("[^"]*", "[^"]*", "[^"]*", \.\w+, [\d.]+, "((?:[^"\\]|\\.)+)"', text)
    if len(sentences) < 8:
        sentences = FALLBACK_SENTENCES
    fragments = set()
    for s in sentences:
        fragments.add(s.strip())
        for part in re.split(r"(?<=[.?!,])\s+", s):
            part = part.strip(" .?!,")
            if len(part) >= 18:
                fragments.add(part)
    return sorted(fragments)


FRAGMENTS = conversation_fragments()


def leaked_conversation(text):
    low = text.lower()
    return [f for f in FRAGMENTS if f.lower() in low]


# ---------------------------------------------------------------- results

class Results:
    def __init__(self):
        self.rows = []  # (status, name, detail)

    def add(self, status, name, detail=""):
        self.rows.append((status, name, detail))
        line = f"{status.upper():4} {name}" + (f": {detail}" if detail else "")
        print(line, flush=True)

    def count(self, status):
        return sum(1 for r in self.rows if r[0] == status)


RESULTS = Results()


# ---------------------------------------------------------------- server

def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`earshot serve --demo` on a free port with a fresh database; parses the printed keys."""

    def __init__(self, workdir):
        self.dir = Path(workdir)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.api_keys = {}  # operator, ingest, exchange, "advertiser summit-gear"
        self.sign_in = {}  # ava, maya, noah, summit-gear

    def start(self):
        deadline = time.time() + 120
        while not BIN.exists():  # the binary may be being rebuilt
            if time.time() > deadline:
                raise AssertionError(f"server binary {BIN} does not exist (build it, or set EARSHOT_BIN)")
            time.sleep(2)
        self.out = open(self.dir / "server-out.txt", "w")
        self.err = open(self.dir / "server-err.txt", "w")
        args = [str(BIN), "serve", "--demo", "--port", str(self.port), "--database", str(self.dir / "demo.sqlite")]
        help_text = subprocess.run([str(BIN), "serve", "--help"], capture_output=True, text=True, timeout=30).stdout
        if "--log-format" in help_text:  # older builds have no --log-format
            args += ["--log-format", "text"]
        self.proc = subprocess.Popen(
            args,
            stdout=self.out, stderr=self.err, stdin=subprocess.DEVNULL)
        deadline = time.time() + 60
        while True:
            text = (self.dir / "server-out.txt").read_text(errors="replace")
            if "is listening on" in text and self._ready():
                break
            if self.proc.poll() is not None:
                raise AssertionError(f"server exited with {self.proc.returncode}:\n{text}\n"
                                     + (self.dir / "server-err.txt").read_text(errors="replace")[-2000:])
            if time.time() > deadline:
                raise AssertionError(f"server did not start within 60 s:\n{text}")
            time.sleep(0.2)
        for line in text.splitlines():
            m = re.match(r"^\s+(\S.*?)\s+(e[ks]_[0-9A-Za-z_]+)\s*$", line)
            if not m:
                continue
            label, token = m.group(1), m.group(2)
            if token.startswith("ek_"):
                self.api_keys[label] = token
            else:
                self.sign_in[label.split()[0]] = token
        status, _ = self.api("/center/login", key=None)
        assert status == 200, (f"GET /center/login answered {status}: this build of {BIN} has no transparency "
                               "center (rebuild it, or point EARSHOT_BIN at a current build)")
        for k in ("operator", "advertiser summit-gear"):
            assert k in self.api_keys, f"server did not print the {k} key: {self.api_keys}"
        for p in ("ava", "maya", "noah"):
            assert p in self.sign_in, f"server did not print a sign-in token for {p}: {self.sign_in}"

    def _ready(self):
        """True once the server answers HTTP at all (any status)."""
        try:
            with urllib.request.urlopen(self.base + "/center/login", timeout=2):
                return True
        except urllib.error.HTTPError:
            return True
        except (urllib.error.URLError, OSError):
            return False

    def stop(self):
        if getattr(self, "proc", None) and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        for f in (getattr(self, "out", None), getattr(self, "err", None)):
            if f:
                f.close()

    def error_lines(self):
        text = (self.dir / "server-err.txt").read_text(errors="replace")
        return [l for l in text.splitlines() if re.search(r"\b(error|critical)\b", l)]

    def api(self, path, key="operator", cookie=None):
        """GET a JSON (or other) resource; returns (status, parsed JSON or text)."""
        req = urllib.request.Request(self.base + path)
        if key:
            req.add_header("Authorization", f"Bearer {self.api_keys[key]}")
        if cookie:
            req.add_header("Cookie", cookie)
        try:
            with urllib.request.urlopen(req, timeout=20) as r:
                body, status, ctype = r.read(), r.status, r.headers.get("Content-Type", "")
        except urllib.error.HTTPError as e:
            body, status, ctype = e.read(), e.code, e.headers.get("Content-Type", "")
        text = body.decode("utf-8", "replace")
        if "json" in ctype:
            return status, json.loads(text)
        return status, text

    def serve_ads(self, person="ava"):
        status, body = self.api(f"/v1/people/{person}/ads?surface=social_feed&slots=3")
        assert status == 200, f"GET /v1/people/{person}/ads answered {status}: {body}"
        assert body.get("ads"), f"no ads were served to {person}: {body}"
        return body


# ---------------------------------------------------------------- browser session

class Center:
    """One viewport's run: a browser, a server, page checks and screenshots."""

    def __init__(self, viewport, server, shots):
        self.viewport = viewport
        self.width, self.height = VIEWPORTS[viewport]
        self.server = server
        self.shots = shots
        self.shot_no = 0
        self.current_step = ""
        opts = webdriver.ChromeOptions()
        opts.binary_location = CHROMIUM
        for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  f"--window-size={self.width},{self.height}", "--lang=en-US", "--no-first-run",
                  "--disable-extensions", "--disable-background-networking", "--disable-sync",
                  "--disable-component-update", "--disable-default-apps", "--hide-scrollbars"):
            opts.add_argument(a)
        opts.add_experimental_option("prefs", {"credentials_enable_service": False,
                                               "profile.password_manager_enabled": False})
        self.driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=opts)
        self.driver.set_page_load_timeout(30)
        # Headless Chromium keeps windows at least 500 px wide and counts its frame in --window-size,
        # so the viewport is set exactly (and as a phone, with touch and the viewport meta tag honoured).
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": self.width, "height": self.height, "deviceScaleFactor": 1, "mobile": viewport == "phone"})
        if viewport == "phone":
            self.driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5})

    def close(self):
        try:
            self.driver.quit()
        except WebDriverException:
            pass

    # -- navigation and waiting

    def url(self, path):
        return self.server.base + path

    def path(self):
        u = self.driver.current_url
        return u[len(self.server.base):] if u.startswith(self.server.base) else u

    def get(self, path, name, expect_status=200):
        self.driver.get(self.url(path))
        return self.page(name, expect_status)

    def wait_for_path(self, predicate, what):
        try:
            WebDriverWait(self.driver, WAIT).until(lambda d: predicate(self.path()))
        except TimeoutException:
            raise AssertionError(f"expected to arrive at {what}, but the browser is at {self.path()} "
                                 f"(h1: {self.h1_text()!r})")

    def click_and_wait(self, element, predicate, what):
        before = self.driver.find_element(By.TAG_NAME, "html")
        element.click()
        try:
            WebDriverWait(self.driver, WAIT).until(lambda d: self._stale(before))
        except TimeoutException:
            raise AssertionError(f"clicking did not load a new page (still at {self.path()})")
        self.wait_for_path(predicate, what)

    @staticmethod
    def _stale(el):
        try:
            el.tag_name
            return False
        except WebDriverException:
            return True

    # -- reading the page

    def h1_text(self):
        try:
            return self.driver.find_element(By.TAG_NAME, "h1").text
        except NoSuchElementException:
            return None

    def main_text(self):
        try:
            return self.driver.find_element(By.TAG_NAME, "main").text
        except NoSuchElementException:
            return self.driver.find_element(By.TAG_NAME, "body").text

    def notice(self):
        els = self.driver.find_elements(By.CSS_SELECTOR, "[role=status]")
        return els[0].text if els else None

    def nav(self, label, predicate, what):
        links = self.driver.find_elements(By.XPATH, f"//nav//a[normalize-space()='{label}']")
        assert links, f"no navigation link {label!r} on {self.path()}"
        self.click_and_wait(links[0], predicate, what)

    def field_by_label(self, text):
        labels = self.driver.find_elements(By.XPATH, f"//label[contains(normalize-space(), '{text}')]")
        assert labels, f"no label {text!r} on {self.path()}"
        for_id = labels[0].get_attribute("for")
        if for_id:
            return self.driver.find_element(By.ID, for_id)
        return labels[0].find_element(By.TAG_NAME, "input")

    def button(self, text=None, aria=None):
        if aria is not None:
            xp = f"//button[@aria-label='{aria}']"
        else:
            xp = f"//button[normalize-space()='{text}']"
        found = self.driver.find_elements(By.XPATH, xp)
        assert found, f"no button {aria or text!r} on {self.path()}"
        return found[0]

    # -- every page: checks and screenshots

    def page(self, name, expect_status=200):
        """Checks the page now loaded and saves its screenshot. Page problems are recorded as failed
        checks without stopping the flow; returns the list of problems."""
        d = self.driver
        WebDriverWait(d, WAIT).until(lambda d: d.execute_script("return document.readyState") == "complete")
        self.screenshot(name)
        problems = []
        nav = d.execute_script(
            "const e = performance.getEntriesByType('navigation')[0];"
            "return e ? {status: e.responseStatus, size: e.decodedBodySize, transfer: e.transferSize} : null;")
        source = d.page_source
        size = (nav or {}).get("size") or len(source.encode("utf-8"))
        status = (nav or {}).get("status")
        if status and status != expect_status:
            problems.append(f"HTTP {status} (expected {expect_status})")
        if size >= PAGE_LIMIT:
            problems.append(f"{size} bytes, over 100 KB")
        lang = d.find_element(By.TAG_NAME, "html").get_attribute("lang")
        if not lang:
            problems.append("<html> has no lang")
        h1s = d.find_elements(By.TAG_NAME, "h1")
        if len(h1s) != 1:
            problems.append(f"{len(h1s)} h1 elements (want exactly one)")
        unlabelled = d.execute_script("""
            const out = [];
            for (const el of document.querySelectorAll('input, select, textarea')) {
              const type = (el.getAttribute('type') || 'text').toLowerCase();
              if (el.tagName === 'INPUT' && ['hidden', 'submit', 'button', 'reset', 'image'].includes(type)) continue;
              const id = el.id;
              const byFor = id && Array.from(document.querySelectorAll('label')).some(l => l.htmlFor === id);
              const aria = (el.getAttribute('aria-label') || '').trim();
              if (!byFor && !aria) out.push(el.outerHTML.slice(0, 120));
            }
            return out;""")
        for u in unlabelled:
            problems.append(f"input without <label for> or aria-label: {u}")
        inner, scroll = d.execute_script(
            "return [window.innerWidth, document.documentElement.scrollWidth]")
        if inner > self.width:  # a phone widens the layout viewport to fit content that is too wide
            problems.append(f"content is {inner} px wide, wider than the {self.width} px screen (cut off or zoomed out)")
        elif inner < self.width:
            problems.append(f"viewport is {inner} px wide, not {self.width}")
        elif scroll > inner:
            problems.append(f"content is {scroll} px wide and scrolls sideways in a {inner} px viewport")
        leaked = leaked_conversation(source)
        if leaked:
            problems.append(f"shows conversation text: {leaked[:3]}")
        if "<script" in source.lower():
            problems.append("contains a <script> (the center is meant to work without JavaScript)")
        label = f"[{self.viewport}] page {name} ({self.path()}, {size} B)"
        if problems:
            RESULTS.add("fail", label, "; ".join(problems))
        else:
            RESULTS.add("ok", label)
        return problems

    def screenshot(self, name):
        self.shot_no += 1
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        path = self.shots / f"{self.shot_no:02d}-{slug}.png"
        try:
            metrics = self.driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
            content = metrics.get("cssContentSize") or metrics["contentSize"]
            height = min(max(int(content["height"]), self.height), 8000)
            shot = self.driver.execute_cdp_cmd("Page.captureScreenshot", {
                "format": "png", "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": self.width, "height": height, "scale": 1}})
            import base64
            path.write_bytes(base64.b64decode(shot["data"]))
        except WebDriverException:
            self.driver.save_screenshot(str(path))
        return path

    # -- signing in

    def sign_in_with_label(self, token, home_predicate, what):
        """Types the code into the field labelled "Sign-in code" and presses the Sign in button."""
        self.driver.delete_all_cookies()
        self.get("/center/login", "sign-in")
        field = self.field_by_label("Sign-in code")
        field.clear()
        field.send_keys(token)
        self.click_and_wait(self.button("Sign in"), home_predicate, what)

    def sign_in_with_keyboard(self, token, home_predicate, what):
        """Tab to the labelled field, type the code, press Enter: no mouse."""
        self.driver.delete_all_cookies()
        self.get("/center/login", "sign-in")
        d = self.driver
        label = d.find_elements(By.XPATH, "//label[normalize-space()='Sign-in code']")
        assert label, "the login form has no label 'Sign-in code'"
        field_id = label[0].get_attribute("for")
        assert field_id, "the 'Sign-in code' label has no for="
        d.execute_script("document.activeElement && document.activeElement.blur(); window.focus();")
        tabs = 0
        while d.execute_script("return document.activeElement ? document.activeElement.id : ''") != field_id:
            ActionChains(d).send_keys(Keys.TAB).perform()
            tabs += 1
            assert tabs <= 10, "10 presses of Tab never reached the sign-in field"
        self.screenshot("sign-in-focused")
        before = d.find_element(By.TAG_NAME, "html")
        ActionChains(d).send_keys(token).send_keys(Keys.ENTER).perform()
        WebDriverWait(d, WAIT).until(lambda d: self._stale(before))
        self.wait_for_path(home_predicate, what)
        return tabs


# ---------------------------------------------------------------- the scenario

def is_path(p):
    return lambda got: got.split("?")[0] == p


def run_viewport(viewport, workdir):
    shots = ARTIFACTS / viewport
    if shots.exists():
        shutil.rmtree(shots)
    shots.mkdir(parents=True)
    server = Server(workdir)
    center = None
    failed_steps = set()

    def step(name, needs=(), fn=None):
        label = f"[{viewport}] {name}"
        missing = [n for n in needs if n in failed_steps]
        if missing:
            failed_steps.add(name)
            RESULTS.add("skip", label, f"needs {', '.join(missing)}")
            return
        center.current_step = name
        try:
            detail = fn(center, server)
            RESULTS.add("ok", label, detail or "")
        except Exception as e:  # noqa: BLE001 - a failed step is recorded and the next one runs
            failed_steps.add(name)
            msg = str(e).strip() or type(e).__name__
            if not isinstance(e, AssertionError):
                msg = f"{type(e).__name__}: {msg.splitlines()[0] if msg else ''}"
            try:
                center.screenshot(f"failed {name}"[:60])
            except WebDriverException:
                pass
            RESULTS.add("fail", label, f"{msg} (at {center.path()})")
            if os.environ.get("BROWSER_TRACEBACK"):
                traceback.print_exc()

    try:
        server.start()
        center = Center(viewport, server, shots)
        st = {}  # state shared between steps

        step("signed-out visitor is sent to sign in", fn=s_redirect_to_login)
        step("a wrong code is refused", fn=s_wrong_code)
        step("ava signs in with the keyboard", fn=s_ava_keyboard_sign_in)
        step("ava sees her interests without conversation text", ("ava signs in with the keyboard",),
             fn=lambda c, s: s_ava_interests(c, s, st))
        step("ava sees how strong each interest is", ("ava signs in with the keyboard",), fn=s_ava_strength)
        step("ava removes an interest", ("ava sees her interests without conversation text",),
             fn=lambda c, s: s_ava_remove(c, s, st))
        step("ava's data page and export hold no conversation text", ("ava signs in with the keyboard",),
             fn=s_ava_data)
        step("ava sees why she got an ad", ("ava signs in with the keyboard",),
             fn=lambda c, s: s_ava_why_ad(c, s, st))
        step("ava cannot open an ad that is not hers", ("ava signs in with the keyboard",), fn=s_ava_missing_ad)
        step("ava opts out of AI-interaction ads", ("ava signs in with the keyboard",),
             fn=lambda c, s: s_ava_opt_out(c, s, st))
        step("after opting out ads are contextual", ("ava opts out of AI-interaction ads",),
             fn=lambda c, s: s_ava_contextual(c, s, st))
        step("advertiser sees campaigns and a k-anonymous report", fn=s_advertiser)
        step("maya's sensitive-content setting is locked; she asks a parent", fn=s_maya_asks)
        step("noah approves maya's request", ("maya's sensitive-content setting is locked; she asks a parent",),
             fn=s_noah_approves)
        step("maya sees the approval", ("noah approves maya's request",), fn=s_maya_after)
        step("signing out ends the session", ("noah approves maya's request",), fn=s_sign_out)
    except Exception as e:  # setup failed: nothing else can run
        RESULTS.add("fail", f"[{viewport}] setup", f"{type(e).__name__}: {e}")
        if not isinstance(e, AssertionError):
            traceback.print_exc()
    finally:
        if center:
            center.close()
        errors = server.error_lines() if (Path(workdir) / "server-err.txt").exists() else []
        server.stop()
        if errors:
            print(f"[{viewport}] server logged {len(errors)} error line(s):")
            for l in errors[:20]:
                print("   ", l)
        for f in ("server-out.txt", "server-err.txt"):
            if (Path(workdir) / f).exists():
                shutil.copy(Path(workdir) / f, shots / f)


def s_redirect_to_login(c, s):
    c.driver.delete_all_cookies()
    c.driver.get(c.url("/center"))
    c.wait_for_path(is_path("/center/login"), "/center/login")
    c.page("signed-out redirect")


def s_wrong_code(c, s):
    c.driver.delete_all_cookies()
    c.get("/center/login", "sign-in")
    c.field_by_label("Sign-in code").send_keys("es_000000000000_not-a-real-code")
    c.click_and_wait(c.button("Sign in"), is_path("/center/login"), "/center/login")
    c.page("wrong code", expect_status=401)
    n = c.notice() or ""
    assert "not valid" in n, f"the error notice says {n!r}"
    # The API key of the operator is not a way in either.
    field = c.field_by_label("Sign-in code")
    field.clear()
    field.send_keys(s.api_keys["operator"])
    c.click_and_wait(c.button("Sign in"), is_path("/center/login"), "/center/login")
    c.page("operator key refused", expect_status=403)
    assert not [k for k in c.driver.get_cookies() if k["value"]], "a refused sign-in left a session cookie"


def s_ava_keyboard_sign_in(c, s):
    tabs = c.sign_in_with_keyboard(s.sign_in["ava"], is_path("/center"), "/center")
    c.page("ava interests after sign-in")
    return f"{tabs} Tab presses to the field"


def interest_cards(c):
    cards = []
    for sec in c.driver.find_elements(By.CSS_SELECTOR, "main section.card"):
        h2 = sec.find_elements(By.TAG_NAME, "h2")
        if h2:
            cards.append((h2[0].text, sec.text, sec))
    return cards


def s_ava_interests(c, s, st):
    if c.path().split("?")[0] != "/center":
        c.get("/center", "interests")
    assert c.h1_text() == "Your interests from AI interactions", f"h1 is {c.h1_text()!r}"
    cards = interest_cards(c)
    assert len(cards) >= 3, f"only {len(cards)} interests shown: {[n for n, _, _ in cards]}"
    names = [n for n, _, _ in cards]
    outdoors = [n for n in names if re.search(r"travel|outdoor|hiking|camping|parks|nature", n, re.I)]
    assert outdoors, f"no travel or outdoor interest among {names}"
    products = re.compile(r"From ((?:AI [a-z ]+?)(?:, AI [a-z ]+?)*), \d+ interactions? (?:between "
                          r"(\d{4}-\d{2}-\d{2}) and (\d{4}-\d{2}-\d{2})|on (\d{4}-\d{2}-\d{2}))")
    for name, text, _ in cards:
        m = products.search(text)
        assert m, f"interest {name!r} does not say which AI products and dates it came from: {text!r}"
        assert m.group(4) or m.group(2) < m.group(3), f"interest {name!r}: dates out of order in {text!r}"
    leaked = leaked_conversation(c.driver.page_source)
    assert not leaked, f"the interests page shows conversation text: {leaked}"
    st["interests"] = names
    st["remove"] = next((n for n in names if n == "Travel"), outdoors[0])
    return f"{len(names)} interests: {', '.join(names)}"


def s_ava_strength(c, s):
    if c.path().split("?")[0] != "/center":
        c.get("/center", "interests")
    meters = c.driver.find_elements(By.CSS_SELECTOR, "main section.card .meter")
    assert meters, "no strength meters on the interests page"
    bad = []
    for m in meters:
        bar = m.find_elements(By.CSS_SELECTOR, "span")
        outer, inner = m.rect, (bar[0].rect if bar else {"width": 0, "height": 0})
        if outer["width"] < 20 or outer["height"] < 4 or inner["height"] < 4:
            bad.append(f"{m.get_attribute('aria-label')}: track {outer['width']:.0f}x{outer['height']:.0f}, "
                       f"bar {inner['width']:.0f}x{inner['height']:.0f} px")
    assert not bad, f"{len(bad)} of {len(meters)} strength meters are not drawn, e.g. {bad[:2]}"


def s_ava_remove(c, s, st):
    name = st["remove"]
    _, profile = s.api("/v1/people/ava/profile")
    topic = next(i["evidence"]["topicId"] for i in profile["interests"] if i["evidence"]["name"] == name)
    c.click_and_wait(c.button(aria=f"Remove {name}"), lambda p: "done=removed" in p, "/center?done=removed")
    c.page("interest removed")
    n = c.notice() or ""
    assert n.startswith("Removed") and "not use" in n, f"the notice says {n!r}"
    left = [x for x, _, _ in interest_cards(c)]
    assert name not in left, f"{name!r} is still listed after Remove: {left}"
    assert set(left) < set(st["interests"]), f"the list changed in other ways: before {st['interests']}, after {left}"
    _, profile = s.api("/v1/people/ava/profile")
    assert topic not in [i["evidence"]["topicId"] for i in profile["interests"]], \
        f"the API profile still has topic {topic} ({name})"
    api_names = [i["evidence"]["name"] for i in profile["interests"]]
    assert left == api_names, f"the page lists {left} but the profile has {api_names}"
    # Removing a topic removes its narrower topics too (Engine.removeInterest), e.g. Travel > Air Travel.
    also = [n for n in st["interests"] if n not in left and n != name]
    st["removed"] = [name] + also
    return f"removed {name}" + (f" (and with it the narrower {', '.join(also)})" if also else "")


def s_ava_data(c, s):
    c.nav("Your data", is_path("/center/data"), "/center/data")
    c.page("your data")
    assert c.h1_text() == "Your data", f"h1 is {c.h1_text()!r}"
    cookie = "; ".join(f"{k['name']}={k['value']}" for k in c.driver.get_cookies())
    status, body = s.api("/center/data/export", key=None, cookie=cookie)
    assert status == 200, f"GET /center/data/export answered {status}: {str(body)[:300]}"
    text = json.dumps(body) if not isinstance(body, str) else body
    leaked = leaked_conversation(text)
    assert not leaked, f"the data export holds conversation text: {leaked}"
    assert "interests" in text.lower(), f"the export has no interests: {text[:300]}"
    return f"export {len(text)} bytes"


def newest_ad_link(c):
    links = c.driver.find_elements(By.CSS_SELECTOR, "main li a[href^='/center/ads/']")
    assert links, f"no ads listed on {c.path()}: {c.main_text()[:300]!r}"
    return links[0]


def s_ava_why_ad(c, s, st):
    served = s.serve_ads("ava")
    assert served.get("targeted") is True, f"ads for ava were not targeted: {served.get('decision')}"
    ids = {a["impressionId"]: a for a in served["ads"]}
    c.get("/center", "interests before ads")
    c.nav("Why am I seeing ads?", is_path("/center/ads"), "/center/ads")
    c.page("ads list")
    assert c.h1_text() == "Why am I seeing ads?", f"h1 is {c.h1_text()!r}"
    link = newest_ad_link(c)
    imp = link.get_attribute("href").rsplit("/", 1)[-1]
    assert imp in ids, f"the first ad listed ({imp}) is not one of the ads just served ({list(ids)})"
    c.click_and_wait(link, lambda p: p.startswith("/center/ads/"), "/center/ads/<impression>")
    c.page("why this ad")
    assert c.h1_text() == "Why am I seeing this ad?", f"h1 is {c.h1_text()!r}"
    text = c.main_text()
    assert "Shown because of your interest in" in text, f"no plain-language reason: {text[:400]!r}"
    assert "Interests that matched" in text, f"no matched interests: {text[:400]!r}"
    matched = [e["name"] for e in ids[imp]["explanation"]["matchedInterests"]]
    assert matched, f"the API explanation has no matched interests: {ids[imp]['explanation']}"
    items = [li.text for li in c.driver.find_elements(By.XPATH, "//h2[.='Interests that matched']/following-sibling::ul[1]/li")]
    for m in matched:
        assert any(i.startswith(m + ":") for i in items), f"matched interest {m!r} not listed: {items}"
    used = [m for m in matched if m in st.get("removed", [])]
    assert not used, f"removed interests were used for this ad: {used}"
    for raw in ("ai_interests", "topicId", "{"):
        assert raw not in text, f"the explanation shows raw data ({raw!r}): {text[:400]!r}"
    assert "How to change this" in text, "no 'How to change this' section"
    return f"ad {ids[imp]['campaignId']} matched {', '.join(matched)}"


def s_ava_missing_ad(c, s):
    c.get("/center/ads/imp-does-not-exist", "ad not found", expect_status=404)
    assert c.h1_text() == "Ad not found", f"h1 is {c.h1_text()!r}"


def s_ava_opt_out(c, s, st):
    c.get("/center", "interests before settings")
    c.nav("Settings", is_path("/center/settings"), "/center/settings")
    c.page("settings")
    box = c.field_by_label("Do not use my AI interactions for ads")
    assert box.get_attribute("type") == "checkbox", "the opt-out control is not a checkbox"
    assert not box.is_selected(), "the opt-out box is already ticked"
    box.click()
    assert box.is_selected(), "clicking the opt-out box did not tick it"
    c.click_and_wait(c.button("Save settings"), lambda p: "done=settings" in p, "/center/settings?done=settings")
    c.page("settings saved")
    n = c.notice() or ""
    assert n == "Your settings are saved.", f"the notice says {n!r}"
    assert c.field_by_label("Do not use my AI interactions for ads").is_selected(), "the opt-out did not stick"
    # The page promises that interests from AI interactions are deleted.
    c.nav("Your interests", is_path("/center"), "/center")
    c.page("interests after opt-out")
    left = [x for x, _, _ in interest_cards(c)]
    assert not left and "No interests from AI interactions are stored." in c.main_text(), \
        f"interests still listed after opting out: {left}"


def s_ava_contextual(c, s, st):
    served = s.serve_ads("ava")
    assert served.get("targeted") is False, f"after opting out the API says targeted={served.get('targeted')}"
    ids = {a["impressionId"]: a for a in served["ads"]}
    for a in served["ads"]:
        assert a["explanation"]["basis"] == "contextual", f"{a['campaignId']} has basis {a['explanation']['basis']}"
    c.nav("Why am I seeing ads?", is_path("/center/ads"), "/center/ads")
    c.page("ads list after opt-out")
    link = newest_ad_link(c)
    imp = link.get_attribute("href").rsplit("/", 1)[-1]
    assert imp in ids, f"the first ad listed ({imp}) is not one of the ads just served ({list(ids)})"
    c.click_and_wait(link, lambda p: p.startswith("/center/ads/"), "/center/ads/<impression>")
    c.page("why this ad after opt-out")
    text = c.main_text()
    assert "not because of your AI interactions" in text, f"does not say the ad was not based on her interests: {text[:400]!r}"
    assert "Interests that matched" not in text, "a contextual ad lists matched interests"
    assert "Why your interests were not used" in text, f"no policy reason section: {text[:400]!r}"
    reasons = [li.text for li in c.driver.find_elements(
        By.XPATH, "//h2[.='Why your interests were not used']/following-sibling::ul[1]/li")]
    assert any("opted out" in r for r in reasons), f"the policy reasons do not mention the opt-out: {reasons}"
    return f"reason: {'; '.join(reasons)}"


def s_advertiser(c, s):
    c.sign_in_with_label(s.api_keys["advertiser summit-gear"], is_path("/center/advertiser"), "/center/advertiser")
    c.page("advertiser campaigns")
    assert c.h1_text() == "Your campaigns", f"h1 is {c.h1_text()!r}"
    text = c.main_text()
    assert "Summit Gear" in text, f"the page does not name the advertiser: {text[:300]!r}"
    assert "Waterproof hiking boots, 20% off" in text, f"summit-gear's campaign is not listed: {text[:300]!r}"
    for other in ("Ultralight tents", "Hotels from $59", "Fresh pasta kits"):
        assert other not in text, f"another advertiser's campaign ({other!r}) is listed"
    reports = c.driver.find_elements(By.CSS_SELECTOR, "main a[href^='/center/advertiser/campaigns/']")
    assert reports, "no report links"
    c.click_and_wait(reports[0], lambda p: p.startswith("/center/advertiser/campaigns/"), "a campaign report")
    c.page("campaign report")
    assert (c.h1_text() or "").startswith("Report:"), f"h1 is {c.h1_text()!r}"
    text = c.main_text()
    assert "fewer than 100 people" in text, f"the report does not explain suppression: {text[:300]!r}"
    cells = c.driver.find_elements(By.CSS_SELECTOR, "main td")
    suppressed = [td for td in cells if td.text.strip() == "suppressed"]
    assert suppressed, f"no suppressed cells in the report: {[td.text for td in cells]}"
    for row in c.driver.find_elements(By.CSS_SELECTOR, "main tbody tr"):
        tds = [td.text.strip() for td in row.find_elements(By.TAG_NAME, "td")]
        reach = tds[-1] if tds else "suppressed"
        assert reach == "suppressed" or int(reach) >= 100, f"a group of {reach} people is shown: {row.text!r}"
    groups = [th.text.strip() for th in c.driver.find_elements(
        By.XPATH, "//caption[.='Delivery by matched interest']/ancestor::table[1]//tbody/tr/th")]
    summary = c.driver.find_element(By.CSS_SELECTOR, "main .card").text
    m = re.search(r"People reached: (\S+)", summary)
    assert m and (m.group(1) == "suppressed" or int(m.group(1)) >= 100), f"total reach shown: {summary!r}"
    # Another advertiser's campaign is not reachable.
    c.get("/center/advertiser/campaigns/tent-sale", "someone else's campaign", expect_status=404)
    assert c.h1_text() == "Campaign not found", f"h1 is {c.h1_text()!r}"
    # Groups by matched interest must be readable: topic names, as on the campaign list, not IAB ids.
    assert groups, "the report has no rows by matched interest"
    bare = [g for g in groups if re.fullmatch(r"[0-9A-Z]+", g)]
    assert not bare, f"the report's groups by matched interest are bare taxonomy ids, not names: {groups}"
    return f"{len(suppressed)} of {len(cells)} cells suppressed"


def s_maya_asks(c, s):
    c.sign_in_with_label(s.sign_in["maya"], is_path("/center"), "/center")
    c.page("maya interests")
    c.nav("Settings", is_path("/center/settings"), "/center/settings")
    c.page("maya settings")
    text = c.main_text()
    assert "locked for your age" in text, f"the setting does not say it is locked: {text[-400:]!r}"
    assert re.search(r"Your setting is strictest", text), f"the setting is not strictest: {text[-400:]!r}"
    assert not c.driver.find_elements(By.CSS_SELECTOR, "input[name=level]"), "a teen can choose the level"
    c.click_and_wait(c.button("Ask a parent to allow more"), lambda p: "done=asked" in p, "/center/settings?done=asked")
    c.page("maya asked a parent")
    n = c.notice() or ""
    assert n == "Your parent has been asked.", f"the notice says {n!r}"
    c.nav("Requests", is_path("/center/approvals"), "/center/approvals")
    c.page("maya requests")
    mine = c.driver.find_elements(By.XPATH, "//h2[.='Your requests']/following-sibling::ul[1]/li")
    assert mine and "pending" in mine[0].text, f"maya's request is not pending: {[m.text for m in mine]}"


def s_noah_approves(c, s):
    c.sign_in_with_label(s.sign_in["noah"], is_path("/center"), "/center")
    c.page("noah interests")
    c.nav("Requests", is_path("/center/approvals"), "/center/approvals")
    c.page("noah requests")
    text = c.main_text()
    assert "maya asks to see standard" in text, f"noah does not see maya's request: {text[:400]!r}"
    c.click_and_wait(c.button("Approve"), lambda p: "done=decided" in p, "/center/approvals?done=decided")
    c.page("noah approved")
    n = c.notice() or ""
    assert n == "Your answer is recorded.", f"the notice says {n!r}"
    assert "No requests are waiting for you." in c.main_text(), "the request is still waiting"


def s_maya_after(c, s):
    c.sign_in_with_label(s.sign_in["maya"], is_path("/center"), "/center")
    c.nav("Requests", is_path("/center/approvals"), "/center/approvals")
    c.page("maya requests after approval")
    mine = [li.text for li in c.driver.find_elements(By.XPATH, "//h2[.='Your requests']/following-sibling::ul[1]/li")]
    assert mine and "approved" in mine[0], f"maya's request is not shown approved: {mine}"
    c.nav("Settings", is_path("/center/settings"), "/center/settings")
    c.page("maya settings after approval")
    assert "Your setting is standard" in c.main_text(), f"the level did not change: {c.main_text()[-300:]!r}"


def s_sign_out(c, s):
    c.sign_in_with_label(s.sign_in["noah"], is_path("/center"), "/center")
    c.click_and_wait(c.button("Sign out"), lambda p: p.startswith("/center/login"), "/center/login?signed-out")
    c.page("signed out")
    c.driver.get(c.url("/center/settings"))
    c.wait_for_path(is_path("/center/login"), "/center/login")
    # The code used for that session is revoked.
    field = c.field_by_label("Sign-in code")
    field.send_keys(s.sign_in["noah"])
    c.click_and_wait(c.button("Sign in"), is_path("/center/login"), "/center/login (refused)")
    c.page("revoked code refused", expect_status=401)


def main():
    names = [v.strip() for v in os.environ.get("BROWSER_VIEWPORTS", "phone,desktop").split(",") if v.strip()]
    for v in names:
        assert v in VIEWPORTS, f"unknown viewport {v!r}; use {', '.join(VIEWPORTS)}"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    print(f"earshot: {BIN}\nscreenshots: {ARTIFACTS}\nchecking {len(FRAGMENTS)} conversation fragments", flush=True)
    started = time.time()
    for v in names:
        work = tempfile.mkdtemp(prefix=f"earshot-browser-{v}-")
        try:
            run_viewport(v, work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    passed, failed, skipped = RESULTS.count("ok"), RESULTS.count("fail"), RESULTS.count("skip")
    if failed or skipped:
        print("\nFailures:")
        for status, name, detail in RESULTS.rows:
            if status != "ok":
                print(f"  {status.upper()} {name}: {detail}")
    print(f"\nbrowser test took {time.time() - started:.0f} s; screenshots in {ARTIFACTS}")
    print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
    return 1 if failed or skipped else 0


if __name__ == "__main__":
    sys.exit(main())
