"""`sitrep export --format parquet` writes the directory the user named and says which files."""
from sitrep.cli import main
from sitrep.kb import open_kb


def test_cli_export_parquet_writes_the_named_directory_and_lists_its_files(tmp_path, capsys):
    db = str(tmp_path / "kb.db")
    open_kb(db).close()
    out = tmp_path / "out.parquet"
    assert main(["export", "--format", "parquet", "--db", db, "--out", str(out)]) == 0
    said = capsys.readouterr().err
    for table in ("events", "actors", "relations"):
        assert (out / f"{table}.parquet").is_file() and str(out / f"{table}.parquet") in said
    assert not (tmp_path / "out.events.parquet").exists()
