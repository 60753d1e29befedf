"""MkDocs hooks of HARMONI Arsip: thin wiring of the archive's MkDocs adapter into MkDocs events.

MkDocs imports this file with its folder on `sys.path`, so the package beside it is importable.
MkDocs loads it once per process, so what `on_startup` learns holds for every build of a serve.
One build at a time runs in a project: each holds the project's lock (`build_lock.py`) from
`on_config` to its end, and a second one waits for it.
"""

from __future__ import annotations

from harmoni_arsip.build_lock import BuildLock, project_lock
from harmoni_arsip.mkdocs_adapter import MkDocsBuild

_command = "build"
"""The MkDocs command running (`build`, `serve`, `gh-deploy`); tests that call MkDocs' `build`
directly get no `on_startup` and build."""
_build: MkDocsBuild | None = None
"""The current build; replaced in every `on_config` (serve and tests build many times)."""
_site_dir = ""
_lock: BuildLock | None = None
"""The project's build lock, held from `on_config` to the end of the build."""


def on_startup(command, dirty):
    global _command
    _command = command


def on_shutdown():
    global _command
    _command = "build"
    _release()


def on_config(config):
    global _build, _site_dir, _lock
    _build = None
    _site_dir = config.site_dir
    _release()  # a build stopped without `on_build_error` (Ctrl+C under serve)
    _lock = project_lock(config.config_file_path)
    _lock.acquire()
    _build = MkDocsBuild(config, serving=_command == "serve")
    return config


def on_pre_build(config):
    _build.set_aside(config)


def on_files(files, config):
    return _build.add_files(files, config)


def on_env(env, config, files):
    _build.keep_compiled_theme(env)
    _build.restore(config, files)
    return env


def on_page_content(html, page, config, files):
    return _build.page_content(html, page)


def on_post_page(output, page, config):
    return _build.post_page(output, page, config)


def on_post_template(output_content, template_name, config):
    return _build.template(output_content, template_name)


def on_post_build(config):
    _build.finish(config)
    _release()


def on_build_error(error):
    if _build is not None:
        _build.failed(_site_dir)
    _release()


def _release() -> None:
    """Let the next build of the project run."""
    global _lock
    if _lock is not None:
        _lock.release()
        _lock = None
