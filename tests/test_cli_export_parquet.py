"""`sitrep export --format parquet` writes the directory the user named and says which files;
a directory named *.parquet (which readers take for one table) is refused with E203."""
import pytest

from sitrep.cli import main
from sitrep.kb import open_kb


def test_cli_export_parquet_writes_the_named_directory_and_lists_its_files(tmp_path, capsys):
    db = str(tmp_path / "kb.db")
    open_kb(db).close()
    out = tmp_path / "tables"
    assert main(["export", "--format", "parquet", "--db", db, "--out", str(out)]) == 0
    said = capsys.readouterr().err
    for table in ("events", "actors", "relations"):
        assert (out / f"{table}.parquet").is_file() and str(out / f"{table}.parquet") in said
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kb.db", "tables"]


@pytest.mark.parametrize("name", ["out.parquet", "out.PARQUET"])
def test_cli_export_parquet_refuses_an_out_named_dot_parquet(tmp_path, capsys, name):
    db = str(tmp_path / "kb.db")
    open_kb(db).close()
    code = main(["export", "--format", "parquet", "--db", db, "--out", str(tmp_path / name)])
    err = capsys.readouterr().err
    assert code != 0
    assert "E203" in err and f"--out {tmp_path / 'out'}/" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kb.db"]


def test_cli_export_parquet_refusal_comes_before_reading_the_database(tmp_path, capsys):
    code = main(["export", "--format", "parquet", "--db", str(tmp_path / "nosuch.db"),
                 "--out", str(tmp_path / "out.parquet")])
    assert code != 0 and "E203" in capsys.readouterr().err
