"""Helpers for the end-to-end browser test: a throwaway JupyterLab server and the in-page scripts.

The server runs on 127.0.0.1 with a random token, a free port and its own runtime, config, data,
settings and workspace folders, so nothing on the machine (a user's kernels, settings or open tabs)
changes what the test sees. It serves a temporary copy of the lessons: running them in the browser
never touches the files in ``notebooks/``.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

DEFAULT_CHROMIUM = Path("/usr/bin/chromium")

#: Debian's Chromium, headless, as root, on a machine whose only network is the loopback.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

#: User settings for the test server: every cell stays in the page (no virtual scrolling), no
#: news or update checks over the network, no autosave.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
}


def chromium_executable() -> Path | None:
    """The Chromium binary to drive (``$CHROMIUM_PATH`` or /usr/bin/chromium), or None if absent."""
    path = Path(os.environ.get("CHROMIUM_PATH", str(DEFAULT_CHROMIUM)))
    return path if path.is_file() and os.access(path, os.X_OK) else None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def copy_lessons(src: Path, dst: Path) -> Path:
    """Copy the lesson folder (notebooks and any files they read) to ``dst``, without checkpoints."""
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    return dst


class LabServer:
    """A JupyterLab server for one test module.

    root_dir: the folder it serves; work_dir: an empty folder for its runtime files, settings,
    workspaces and log. ``start()`` returns once the REST API answers; ``stop()`` ends it.
    """

    def __init__(self, root_dir: Path, work_dir: Path, python: str = sys.executable) -> None:
        self.root_dir = Path(root_dir)
        self.work_dir = Path(work_dir)
        self.python = python
        self.port = free_port()
        self.token = secrets.token_hex(24)
        self.log_path = self.work_dir / "jupyterlab.log"
        self._process: subprocess.Popen | None = None
        self._log_file = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def notebook_url(self, notebook: str, workspace: str) -> str:
        """URL that opens ``notebook`` alone in a new, empty workspace."""
        return f"{self.base_url}/lab/workspaces/{workspace}/tree/{notebook}?reset&token={self.token}"

    def _environment(self) -> dict[str, str]:
        env = dict(os.environ)
        for name in ("JUPYTER_PATH", "JUPYTER_PREFER_ENV_PATH", "MPLBACKEND"):
            env.pop(name, None)  # the kernel must use the inline backend and the project's kernelspec
        dirs = {
            "JUPYTER_RUNTIME_DIR": "runtime",
            "JUPYTER_CONFIG_DIR": "config",
            "JUPYTER_DATA_DIR": "data",
            "JUPYTERLAB_SETTINGS_DIR": "settings",
            "JUPYTERLAB_WORKSPACES_DIR": "workspaces",
            "IPYTHONDIR": "ipython",
        }
        for name, sub in dirs.items():
            path = self.work_dir / sub
            path.mkdir(parents=True, exist_ok=True)
            env[name] = str(path)
        env["PATH"] = str(Path(self.python).parent) + os.pathsep + env.get("PATH", "")
        return env

    def _write_settings(self) -> None:
        for plugin, values in LAB_SETTINGS.items():
            path = self.work_dir / "settings" / f"{plugin}.jupyterlab-settings"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values), encoding="utf-8")

    def command(self) -> list[str]:
        cmd = [
            self.python,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root_dir}",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.expose_app_in_browser=True",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        return cmd

    def start(self, timeout: float = 120.0) -> None:
        env = self._environment()
        self._write_settings()
        self._log_file = open(self.log_path, "w", encoding="utf-8")  # closed in stop()
        self._process = subprocess.Popen(
            self.command(),
            env=env,
            cwd=self.root_dir,
            stdin=subprocess.DEVNULL,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        url = f"{self.base_url}/api/status?token={self.token}"
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                code = self._process.returncode
                raise RuntimeError(f"JupyterLab exited with code {code}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.25)
        self.stop()
        raise RuntimeError(f"JupyterLab did not answer within {timeout:.0f} s:\n{self.log_tail()}")

    def log_text(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)  # the server's own process group, started above
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None


# --------------------------------------------------------------------------------------------------
# Scripts evaluated in the page. ``window.jupyterapp`` exists because the server runs with
# --LabApp.expose_app_in_browser.

#: The notebook panel of ``path`` once its document is loaded and its kernel is idle, else null.
FIND_PANEL_JS = r"""
(path) => {
  const app = window.jupyterapp;
  if (!app || !app.shell) return false;
  for (const w of app.shell.widgets('main')) {
    if (w.context && w.context.path === path && w.content && w.content.widgets) {
      const kernel = w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
      if (w.context.isReady && kernel && kernel.status === 'idle') {
        window.__e2ePanel = w;
        // Widget callbacks run on comm messages; what they print or raise reaches no cell.
        window.__e2eKernelMessages = [];
        w.sessionContext.iopubMessage.connect((_, msg) => {
          const parent = msg.parent_header && msg.parent_header.msg_type;
          const type = msg.header.msg_type;
          if (parent === 'execute_request') return;
          if (type === 'error') {
            window.__e2eKernelMessages.push(
              {parent, kind: 'error', text: [].concat(msg.content.traceback || []).join('\n') ||
                 `${msg.content.ename}: ${msg.content.evalue}`});
          } else if (type === 'stream' && msg.content.name === 'stderr') {
            window.__e2eKernelMessages.push({parent, kind: 'stderr', text: msg.content.text});
          }
        });
        return true;
      }
    }
  }
  return false;
}
"""

#: Start Run All on the panel; the result lands in window.__e2eRun when every cell has finished.
RUN_ALL_JS = """
() => {
  const app = window.jupyterapp;
  const panel = window.__e2ePanel;
  app.shell.activateById(panel.id);
  panel.content.activeCellIndex = 0;
  window.__e2eRun = null;
  app.commands.execute('notebook:run-all-cells').then(
    (ok) => { window.__e2eRun = {ok: ok !== false}; },
    (err) => { window.__e2eRun = {ok: false, error: String(err)}; });
}
"""

KERNEL_IDLE_JS = """
() => {
  const panel = window.__e2ePanel;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  if (!kernel || kernel.status !== 'idle') return false;
  return panel.content.widgets.every(
    (cell) => cell.model.type !== 'code' || !/\\*/.test(cell.promptNode ? cell.promptNode.textContent : ''));
}
"""

#: True once every widget output shows a rendered widget (or an error message in its place).
WIDGETS_SETTLED_JS = """
() => {
  const panel = window.__e2ePanel;
  for (const cell of panel.content.widgets) {
    if (cell.model.type !== 'code') continue;
    for (const child of cell.outputArea.widgets) {
      const node = child.node;
      const out = node.querySelector('.jp-OutputArea-output');
      if (!out || out.getAttribute('data-mime-type')) continue;  // rendered widgets carry no mime type
      if (!node.querySelector('.jupyter-widgets') && !/Error displaying widget/.test(node.textContent)) {
        return false;
      }
    }
  }
  return true;
}
"""

#: Window height that shows every cell of the notebook without scrolling.
NOTEBOOK_HEIGHT_JS = """
() => {
  const panel = window.__e2ePanel;
  const cells = panel.content.widgets;
  if (!cells.length) return window.innerHeight;
  let scroller = panel.content.node;
  let best = -1;
  for (const el of [panel.content.node, ...panel.content.node.querySelectorAll('*')]) {
    const extra = el.scrollHeight - el.clientHeight;
    if (extra > best && /(auto|scroll)/.test(getComputedStyle(el).overflowY)) { best = extra; scroller = el; }
  }
  const top = cells[0].node.getBoundingClientRect().top;
  const bottom = cells[cells.length - 1].node.getBoundingClientRect().bottom;
  return Math.ceil(window.innerHeight - scroller.clientHeight + (bottom - top) + 80);
}
"""

SCROLL_TOP_JS = """
() => {
  const root = window.__e2ePanel.node;
  for (const el of [root, ...root.querySelectorAll('*')]) { if (el.scrollTop) el.scrollTop = 0; }
}
"""

#: Resolves once the page has not changed for ``quietMs`` milliseconds (or after ``maxMs``).
DOM_QUIET_JS = """
([quietMs, maxMs]) => new Promise((resolve) => {
  let last = performance.now();
  const start = last;
  const obs = new MutationObserver(() => { last = performance.now(); });
  obs.observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
  const tick = () => {
    const now = performance.now();
    if (now - last >= quietMs || now - start >= maxMs) { obs.disconnect(); resolve(now - start); }
    else setTimeout(tick, 50);
  };
  setTimeout(tick, 50);
})
"""

#: Everything the assertions need: per code cell its tags, execution count and outputs (from the
#: notebook model, so error outputs are told apart from warnings), and from the page: widget
#: outputs rendered or not, widget reprs shown as plain text, and the slider panels.
REPORT_JS = r"""
() => {
  const panel = window.__e2ePanel;
  const reprRe = new RegExp(
    '\\b(?:(?:Int|Float|FloatLog)(?:Range)?Slider|SelectionSlider|SelectionRangeSlider)\\(' +
    '|\\b(?:VBox|HBox|GridBox|Box|Tab|Accordion|interactive)\\(children=' +
    '|\\b(?:Checkbox|ToggleButtons|ToggleButton|Dropdown|RadioButtons|Play)' +
    '\\((?:value|options|description)=' +
    '|\\bOutput\\((?:layout|outputs)=');
  const report = {cells: [], panels: [], widgetViews: 0, widgetViewsRendered: 0,
                  jupyterWidgets: document.querySelectorAll('.jp-Notebook .jupyter-widgets').length,
                  sliders: document.querySelectorAll('.jp-Notebook .widget-slider').length,
                  textReprs: [], widgetErrors: [], stderr: []};
  const kinds = {'widget-slider': 'slider', 'widget-checkbox': 'checkbox', 'widget-toggle-buttons': 'toggle',
                 'widget-dropdown': 'dropdown', 'widget-radio': 'radio'};
  let panelIndex = 0;
  panel.content.widgets.forEach((cell, index) => {
    const model = cell.model;
    if (model.type !== 'code') return;
    const tags = model.getMetadata ? (model.getMetadata('tags') || []) : [];
    const info = {index, tags, executionCount: model.executionCount,
                  empty: model.sharedModel.getSource().trim() === '', outputs: []};
    for (let j = 0; j < model.outputs.length; j++) {
      const o = model.outputs.get(j).toJSON();
      const text = o.output_type === 'stream' ? [].concat(o.text).join('')
        : o.output_type === 'error' ? [].concat(o.traceback || []).join('\n') : '';
      const mimes = Object.keys(o.data || {});
      info.outputs.push({type: o.output_type, name: o.name || null, ename: o.ename || null,
                         evalue: o.evalue || null, text: text.slice(0, 4000), mimes});
    }
    cell.outputArea.widgets.forEach((child) => {
      const node = child.node;
      const out = node.querySelector('.jp-OutputArea-output');
      if (!out) return;
      const isWidget = !out.getAttribute('data-mime-type') && out.classList.contains('lm-Panel');
      if (!isWidget) return;
      report.widgetViews += 1;
      if (node.querySelector('.jupyter-widgets')) report.widgetViewsRendered += 1;
      const controls = [];
      node.querySelectorAll('.widget-slider, .widget-checkbox, .widget-toggle-buttons, .widget-dropdown, ' +
                            '.widget-radio').forEach((el) => {
        const texts = Array.from(el.querySelectorAll('.widget-label, .widget-label-basic'))
          .map((l) => l.textContent.replace(/\u200b/g, '').trim()).filter((t) => t.length > 0);
        const cls = Object.keys(kinds).find((c) => el.classList.contains(c));
        const kind = kinds[cls];
        const pos = Array.from(node.querySelectorAll('.' + cls)).indexOf(el);
        controls.push({kind, label: texts.length ? texts[0] : '', position: pos});
      });
      if (controls.length) {
        node.setAttribute('data-e2e-panel', String(panelIndex));
        cell.outputArea.node.setAttribute('data-e2e-scope', String(panelIndex));
        report.panels.push({panel: panelIndex, cell: index, controls,
                            images: cell.outputArea.node.querySelectorAll('img').length});
        panelIndex += 1;
      }
    });
    cell.outputArea.node.querySelectorAll('.jp-OutputArea-output').forEach((el) => {
      const mime = el.getAttribute('data-mime-type') || '';
      const textual = /^(text\/plain|application\/vnd\.jupyter\.std(out|err))$/.test(mime);
      if (textual && reprRe.test(el.textContent)) {
        report.textReprs.push({cell: index, text: el.textContent.slice(0, 300)});
      }
    });
    const stderrSel = '[data-mime-type="application/vnd.jupyter.stderr"]';
    cell.outputArea.node.querySelectorAll(stderrSel).forEach((el) => {
      report.stderr.push({cell: index, text: el.textContent.slice(0, 4000)});
    });
    if (/Error displaying widget|Loading widget/.test(cell.outputArea.node.textContent)) {
      report.widgetErrors.push({cell: index, text: cell.outputArea.node.textContent.slice(0, 300)});
    }
    report.cells.push(info);
  });
  return report;
}
"""

#: Arm a watch on one slider panel's cell outputs: the signature is the figures' img sources (or
#: the Output widgets' text when there is no image). Records when a control is released
#: (keyup / pointerup / change) and when the signature first differs, in page milliseconds.
ARM_WATCH_JS = r"""
(scope) => {
  const root = document.querySelector(`[data-e2e-scope="${scope}"]`);
  const signature = () => {
    const imgs = Array.from(root.querySelectorAll('img'));
    if (imgs.length) return {n: imgs.length, key: imgs.map((i) => i.getAttribute('src') || '').join('|')};
    const outs = Array.from(root.querySelectorAll('.widget-output'));
    return {n: outs.length, key: outs.map((o) => o.textContent).join('|')};
  };
  if (window.__e2eWatch && window.__e2eWatch.cleanup) window.__e2eWatch.cleanup();
  const before = signature();
  const watch = {before: before.key, count: before.n, releasedAt: null, changedAt: null, cleanup: null};
  const onRelease = () => { if (watch.releasedAt === null) watch.releasedAt = performance.now(); };
  const obs = new MutationObserver(() => {
    if (watch.changedAt !== null) return;
    const now = signature();
    if (now.key !== watch.before && now.n >= watch.count && now.key.length > 0) {
      watch.changedAt = performance.now();
    }
  });
  obs.observe(root, {subtree: true, childList: true, attributes: true, characterData: true});
  const releases = ['keyup', 'pointerup', 'mouseup', 'change'];
  for (const ev of releases) document.addEventListener(ev, onRelease, true);
  watch.cleanup = () => {
    obs.disconnect();
    for (const ev of releases) document.removeEventListener(ev, onRelease, true);
  };
  window.__e2eWatch = watch;
  return before.n;
}
"""

WATCH_RESULT_JS = """
() => {
  const w = window.__e2eWatch;
  if (w.cleanup) { w.cleanup(); w.cleanup = null; }
  return {releasedAt: w.releasedAt, changedAt: w.changedAt};
}
"""

SHUTDOWN_JS = """
async () => {
  const panel = window.__e2ePanel;
  if (panel && panel.sessionContext) { await panel.sessionContext.shutdown(); }
}
"""

#: Every cell tagged ``solution``: marks each with ``data-e2e-solution`` and reports, before
#: anything is clicked, whether it is a folded ``<details>`` block, which lines of its code block
#: (from the cell's source) can be read on the page, and whether anything but its summary shows.
SOLUTIONS_JS = r"""
() => {
  const panel = window.__e2ePanel;
  const found = [];
  panel.content.widgets.forEach((cell, index) => {
    const model = cell.model;
    const tags = model.getMetadata ? (model.getMetadata('tags') || []) : [];
    if (!tags.includes('solution')) return;
    const source = model.sharedModel.getSource();
    const fence = source.match(/```[^\n]*\n([\s\S]*?)```/);
    const code = model.type === 'code' ? source : (fence ? fence[1] : '');
    const lines = code.split('\n').map((l) => l.trim()).filter((l) => l.length >= 4);
    const n = found.length;
    cell.node.setAttribute('data-e2e-solution', String(n));
    const details = cell.node.querySelector('.jp-RenderedMarkdown details');
    // A closed <details> keeps its body laid out but not rendered (content-visibility: hidden).
    const shown = (el) => (el.checkVisibility
      ? el.checkVisibility({visibilityProperty: true, opacityProperty: true})
      : el.getClientRects().length > 0);
    let bodyShown = false;
    if (details) {
      for (const child of details.children) {
        if (child.tagName.toLowerCase() !== 'summary' && shown(child)) bodyShown = true;
      }
    }
    const text = cell.node.innerText || '';
    const outputs = model.type === 'code' ? cell.outputArea.node.innerText.trim() : '';
    found.push({solution: n, cell: index, type: model.type, folded: !!details && !details.open,
                rendered: model.type === 'markdown' ? cell.rendered : null,
                bodyShown, visibleLines: lines.filter((l) => text.includes(l)), lines,
                outputShown: outputs.length > 0 && shown(cell.outputArea.node)});
  });
  return found;
}
"""

#: After the summary of solution ``n`` was clicked: is its body shown, and which code lines read.
SOLUTION_OPENED_JS = r"""
([n, lines]) => {
  const cell = document.querySelector(`[data-e2e-solution="${n}"]`);
  const details = cell.querySelector('details');
  const text = cell.innerText || '';
  return {open: !!details && details.open, visibleLines: lines.filter((l) => text.includes(l))};
}
"""

#: Width in CSS pixels of every slider's track and value box, per slider panel.
SLIDER_SIZES_JS = r"""
(scope) => {
  const root = document.querySelector(`[data-e2e-panel="${scope}"]`);
  return Array.from(root.querySelectorAll('.widget-slider')).map((s) => {
    const track = s.querySelector('.slider-container, .noUi-target');
    const box = s.querySelector('.widget-readout');
    return {track: track ? track.getBoundingClientRect().width : 0,
            readout: box ? box.getBoundingClientRect().width : 0,
            editable: !!box && (box.isContentEditable || box.tagName.toLowerCase() === 'input')};
  });
}
"""
