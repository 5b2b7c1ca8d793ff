"""The API's event filters: 'involving' (either role), and unknown query parameters refused."""
import pytest

from test_web_api import TOKEN, build_kb  # noqa: E402  (the small knowledge base of the web tests)


@pytest.fixture
def client(tmp_path):
    from fastapi.testclient import TestClient

    from sitrep.web.app import create_app
    db = str(tmp_path / "kb.db")
    build_kb(db)
    with TestClient(create_app(db, token=TOKEN)) as c:
        yield c


def test_web_api_params_involving_takes_either_role(client):
    every = client.get("/api/events?limit=500").json()["items"]
    kh = "kataib-hezbollah"
    want = {e["id"] for e in every if kh in e["actors"] or kh in e["targets"]}
    got = {e["id"] for e in client.get(f"/api/events?involving={kh}&limit=500").json()["items"]}
    as_actor = {e["id"] for e in every if kh in e["actors"]}
    assert got == want and as_actor < got


@pytest.mark.parametrize("url", ["/api/events?involvin=iran", "/api/actors?q=x&colour=red", "/api/stats?x=1",
                                 "/api/timeline?actr=iran"])
def test_web_api_params_unknown_query_parameter_is_400(client, url):
    r = client.get(url)
    assert r.status_code == 400 and "E507" in r.text and "unknown query parameter" in r.text


def test_web_api_params_known_filters_still_pass(client):
    for url in ("/api/events?actor=iran&since=2019", "/api/timeline?actor=iran&by=month&family=violence",
                "/api/events?order=date&limit=5"):
        assert client.get(url).status_code == 200, url


def test_web_api_params_events_page_has_an_involving_filter(client):
    page = client.get("/events?involving=kataib-hezbollah", headers={"accept": "text/html"}).text
    assert 'name="involving" value="kataib-hezbollah"' in page
