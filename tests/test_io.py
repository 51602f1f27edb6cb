"""Outputs are written atomically: an interrupted write leaves the previous file whole."""
import pytest

from pipeline import io as litx_io


def test_interrupted_write_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "outcomes.csv"
    litx_io.write_atomic(target, "old,complete\n")

    def boom(*args, **kwargs):
        raise KeyboardInterrupt  # Ctrl-C in the middle of the write

    monkeypatch.setattr(litx_io.os, "replace", boom)
    with pytest.raises(KeyboardInterrupt):
        litx_io.write_atomic(target, "new,half")
    assert target.read_text() == "old,complete\n"
    assert [p.name for p in tmp_path.iterdir()] == ["outcomes.csv"]  # no temporary file left behind


def test_records_written_with_the_contract_columns(tmp_path):
    from pipeline.schema import ERROR_COLUMNS, ErrorRecord

    litx_io.write_records(tmp_path / "errors.csv", ERROR_COLUMNS, [ErrorRecord("d", "p/d.txt", "read", "bad, \"quoted\" line")])
    assert litx_io.read_csv(tmp_path / "errors.csv") == [
        {"doc_id": "d", "path": "p/d.txt", "stage": "read", "error": 'bad, "quoted" line'}]
