from __future__ import annotations

from pathlib import Path

import pytest

from marsad.document import Document
from marsad.errors import ConfigError, MarsadError, StageOrderError, UnknownStageError
from marsad.pipeline import DEFAULT_CONFIG, Pipeline, load_config, register, registry


def test_default_config_lists_registered_stages() -> None:
    cfg = load_config()
    names = cfg["pipeline"]["stages"]
    assert names[0] == "arabic"
    reg = registry()
    for n in names:
        assert n in reg
    assert "#" in DEFAULT_CONFIG.read_text(encoding="utf-8")  # the default config is commented


def test_unknown_stage_and_order_errors() -> None:
    with pytest.raises(UnknownStageError):
        Pipeline.build(["no-such-stage"])

    @register("test-needs-sentences", version="0", needs=("sentences",), adds=("x",))
    def _make():  # type: ignore[no-untyped-def]
        return lambda doc: doc

    with pytest.raises(StageOrderError):
        Pipeline.build(["test-needs-sentences"])
    Pipeline.build(["arabic", "test-needs-sentences"])


def test_stage_options_and_provenance(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text('[pipeline]\nstages = ["arabic"]\n[stage.arabic]\ntokens = false\n', encoding="utf-8")
    pipe = Pipeline.from_config(cfg)
    doc = pipe(Document(text="قال الوزير. ثم غادر."))
    assert doc.tokens == [] and len(doc.sentences) == 2
    assert doc.stages == ["arabic@1"]
    cfg.write_text('[pipeline]\nstages = ["arabic"]\n[stage.arabic]\nbogus = 1\n', encoding="utf-8")
    with pytest.raises(ConfigError):
        Pipeline.from_config(cfg)
    cfg.write_text("[pipeline\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        Pipeline.from_config(cfg)


def test_a_failing_stage_is_one_clear_error() -> None:
    from marsad.errors import StageError

    @register("test-broken", version="0", needs=(), adds=())
    def _make():  # type: ignore[no-untyped-def]
        def run(doc: Document) -> Document:
            raise ValueError("boom")

        return run

    with pytest.raises(StageError) as info:
        Pipeline.build(["test-broken"])(Document(text="نص", id="d1"))
    assert "test-broken@0" in str(info.value) and "boom" in str(info.value) and "[E203]" in str(info.value)


def test_the_cyclic_gc_is_paused_per_document_and_restored() -> None:
    import gc

    seen: list[bool] = []

    @register("test-gc-probe", version="0", needs=(), adds=())
    def _make():  # type: ignore[no-untyped-def]
        def run(doc: Document) -> Document:
            seen.append(gc.isenabled())
            if doc.text == "boom":
                raise ValueError("boom")
            return doc

        return run

    assert gc.isenabled()
    pipe = Pipeline.build(["test-gc-probe"])
    pipe(Document(text="نص"))
    assert seen == [False] and gc.isenabled()
    with pytest.raises(MarsadError):
        pipe(Document(text="boom"))
    assert gc.isenabled()  # restored after a failing stage too
    pipe.pause_gc = False
    pipe(Document(text="نص"))
    assert seen == [False, False, True]
    gc.disable()  # a caller that turned it off keeps it off
    try:
        Pipeline.build(["test-gc-probe"])(Document(text="نص"))
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_overlapping_documents_still_collect_garbage() -> None:
    # threads whose documents overlap keep the pause on; every COLLECT_EVERY documents finished
    # meanwhile, one full collection runs
    import gc

    from marsad.pipeline import _GcPause

    pause = _GcPause()
    collected: list[int] = []
    gc.callbacks.append(lambda phase, info: collected.append(info["generation"]) if phase == "stop" else None)
    try:
        pause.__enter__()  # a long document in another thread
        for _ in range(pause.COLLECT_EVERY):
            pause.__enter__()
            pause.__exit__(None, None, None)
        assert not gc.isenabled() and 2 in collected
        pause.__exit__(None, None, None)
        assert gc.isenabled()
    finally:
        gc.callbacks.pop()
        gc.enable()
