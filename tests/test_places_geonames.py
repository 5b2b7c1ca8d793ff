"""Tests for sitrep.geonames: the compact GeoNames index, its cache and spelling skeletons."""
from __future__ import annotations

from array import array

import pytest

from sitrep import geonames
from sitrep.geonames import Admin1, GeoIndex, prefixes, skeleton


@pytest.mark.parametrize("one, other", [
    ("Ash Sharqat", "Shirqat"), ("Al Qayyarah", "Qayara"), ("Al Huwayjah", "Hawija"),
    ("Tall Abyad", "Tal Abyad"), ("Baladruz", "Balad Ruz"), ("Samarra", "Samarr'a"),
    ("Ma'arrat an Nu'man", "Maarat al-Numan"),  # an article inside the name
])
def test_geonames_skeleton_joins_transliterations(one, other):
    assert skeleton(one) == skeleton(other)


@pytest.mark.parametrize("one, other", [("Mosul", "Kirkuk"), ("Tikrit", "Baiji"), ("Ramadi", "Rutba")])
def test_geonames_skeleton_keeps_towns_apart(one, other):
    assert skeleton(one) != skeleton(other)


def test_geonames_prefixes_are_cut_after_words():
    assert prefixes(["tal afar", "ba'qubah", "mosul"]) == frozenset({"tal", "ba"})


def _tiny() -> GeoIndex:
    return GeoIndex(keys={"exampletown": 0, "twin": (2, 5)}, name=["Exampletown", "Twin", "Twin"],
                    country=["IQ", "SY", "IQ"], admin1_code=["10", "", "07"],
                    lat=array("f", [33.0, 35.0, 33.3]), lon=array("f", [44.0, 38.0, 44.4]),
                    population=array("i", [900, 0, 50]),
                    admin1={("IQ", "10"): Admin1(name=None, lat=33.9, lon=45.0, extent=0.5)},
                    skeletons={"kspltwn": 0}, prefixes=frozenset())


def test_geonames_candidates_decode_alternate_spellings():
    index = _tiny()
    assert index.candidates("exampletown") == ((0, False),)
    assert index.candidates("twin") == ((1, False), (2, True))
    assert index.candidates("nowhere") == ()


def test_geonames_index_is_built_once_then_read_from_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(geonames, "build_index", _tiny)
    geonames.geonames_index.cache_clear()
    try:
        built = geonames.geonames_index()
        path = geonames.cache_path()
        assert path.parent == tmp_path / "sitrep" and path.exists()
        stale = path.parent / "geonames-v0-old.pickle"
        stale.write_bytes(b"old")

        def fail() -> GeoIndex:
            raise AssertionError("rebuilt although cached")

        monkeypatch.setattr(geonames, "build_index", fail)
        geonames.geonames_index.cache_clear()
        assert geonames.geonames_index() == built
        geonames._save(built, path)
        assert not stale.exists()  # older versions are removed when a new one is written
    finally:
        geonames.geonames_index.cache_clear()


def test_geonames_unreadable_cache_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(geonames, "build_index", _tiny)
    path = geonames.cache_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a pickle")
    geonames.geonames_index.cache_clear()
    try:
        assert geonames.geonames_index().name[0] == "Exampletown"
    finally:
        geonames.geonames_index.cache_clear()
