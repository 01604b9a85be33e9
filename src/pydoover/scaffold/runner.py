"""What ``new`` and ``upgrade`` share: copier's failures as our errors, the answers file, the schema export."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .errors import ScaffoldError, ScaffoldUsageError

ANSWERS_FILE = ".copier-answers.yml"
ANSWERS_HEADER = (
    "# Written by `doover new` from the doover app template; `doover upgrade` reads and updates it.\n"
    "# _commit is the template version this project is at. Do not edit it by hand.\n"
)
_ANSWER_PROBLEMS = ("Validation error for question", "Invalid choice for", "Question ")


@contextmanager
def copier_errors(notes: list[str]) -> Iterator[None]:
    """Run copier: its warnings become ``notes``, its failures one-line ScaffoldErrors.

    Problems with an answer (a validator, a choice, a missing required answer) are usage errors.
    """
    from copier.errors import CopierAnswersInterrupt, CopierError, InvalidTypeError, UnsafeTemplateError

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            yield
        except CopierAnswersInterrupt:
            raise KeyboardInterrupt from None
        except UnsafeTemplateError as exc:
            raise ScaffoldUsageError(
                f"the template wants to run code ({_one_line(exc)}); doover does not run template tasks or "
                "extensions: use copier with --trust if you trust it"
            ) from None
        except InvalidTypeError as exc:
            raise ScaffoldUsageError(f"bad answer: {_one_line(exc)}") from None
        except (ValueError, TypeError) as exc:
            if str(exc).startswith(_ANSWER_PROBLEMS):
                raise ScaffoldUsageError(f"bad answer: {_one_line(exc)}") from None
            raise ScaffoldError(f"the template failed: {_one_line(exc)}") from None
        except CopierError as exc:
            raise ScaffoldError(_one_line(exc)) from None
        except OSError as exc:
            if exc.filename is None:  # git failing under copier (plumbum's errors are OSErrors)
                raise ScaffoldError(f"the template failed: {_failure_line(exc)}") from None
            raise ScaffoldError(f"{exc.filename}: {exc.strerror}") from None
        except Exception as exc:  # git failing under copier (plumbum), a Jinja error in the template
            raise ScaffoldError(f"the template failed: {_failure_line(exc)}") from None
        finally:
            notes.extend(f"copier: {_one_line(w.message)}" for w in caught if w.category is not DeprecationWarning)


def _failure_line(exc: Exception) -> str:
    """The last line a failing command printed (git says what went wrong there), else the error."""
    stderr = [line for line in str(getattr(exc, "stderr", "") or "").splitlines() if line.strip()]
    return stderr[-1].strip() if stderr else _one_line(exc)


def read_answers(root: Path) -> dict[str, Any]:
    """The project's recorded answers (``_src_path``, ``_commit`` and the questions' answers)."""
    import yaml

    path = root / ANSWERS_FILE
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ScaffoldUsageError(f"cannot read {path}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise ScaffoldUsageError(f"{path} is not valid YAML: {_one_line(exc)}") from None
    if not isinstance(data, dict):
        raise ScaffoldUsageError(f"{path}: expected the answers as a mapping")
    return data


def record_source(root: Path, source: str, version: str) -> None:
    """Point the answers file at ``source`` at ``version`` (when copier rendered from plain files)."""
    import yaml

    answers = {**read_answers(root), "_src_path": source, "_commit": version}
    text = yaml.safe_dump(answers, sort_keys=True, default_flow_style=False, allow_unicode=True)
    (root / ANSWERS_FILE).write_text(ANSWERS_HEADER + text, encoding="utf-8")


def export_schema(root: Path) -> bool:
    """Write the project's config schema into doover_config.json, as `doover config export` does.

    Returns whether the file changed; raises ScaffoldError when the schema cannot be loaded.
    """
    from ..project import AppProject, ProjectError

    try:
        return AppProject(root).export_schema().written
    except ProjectError as exc:
        raise ScaffoldError(str(exc)) from None
    except OSError as exc:
        raise ScaffoldError(f"cannot write {exc.filename}: {exc.strerror}") from None


def has_config_module(root: Path) -> bool:
    return any(root.glob("src/*/app_config.py")) or any(root.glob("*/app_config.py"))


def _one_line(value: object) -> str:
    lines = [line.strip() for line in str(value).splitlines() if line.strip()]
    return lines[0] if lines else type(value).__name__
