"""Rough edges a newcomer hit (issue 10, section 5), in headless Chromium: events at one place
on the map, the date slider, the link from an event to its point, draggable network nodes with
labels that do not overlap, tables that fit a 1,400 px window, and a refused form that keeps
what was typed. Same set-up as tests/test_web_browser.py."""
from __future__ import annotations

import pytest

from test_web_browser import ServerThread, _missing_browser, _severe_console_errors, _shot, _wait, browser  # noqa: F401
from test_web_rough import build_rough_kb

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    reason = _missing_browser()
    if reason:
        pytest.skip(reason)
    from sitrep.web.app import create_app

    from test_web_api import TOKEN
    db = str(tmp_path_factory.mktemp("kb") / "rough.db")
    ids = build_rough_kb(db)
    with ServerThread(create_app(db, token=TOKEN)) as srv:
        srv.ids = ids
        yield srv


def _css(browser, css):
    from selenium.webdriver.common.by import By
    return browser.find_elements(By.CSS_SELECTOR, css)


def test_web_rough_map_groups_one_place_and_spreads_on_click(server, browser):
    from selenium.webdriver.common.action_chains import ActionChains
    browser.get(server.url + "/map")
    _wait(browser, "#map-svg[data-ready='1']")
    clusters = _css(browser, "#map-svg g.cluster")
    assert [c.get_attribute("data-count") for c in clusters] == ["3"]
    assert clusters[0].find_element("css selector", "text.cluster-count").text == "3"
    circle = clusters[0].find_element("css selector", "circle.cluster-pt")
    ActionChains(browser).move_to_element(circle).perform()
    tip = _wait(browser, ".tooltip")
    assert tip.is_displayed() and tip.text.startswith("3 events here") and tip.text.count("•") == 3
    browser.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", circle)
    spread = _css(browser, "#map-svg g.cluster[data-spread='1'] circle.spread-pt")
    assert len(spread) == 3 and len({c.get_attribute("data-event") for c in spread}) == 3
    _shot(browser, "rough-map-spread")
    assert _severe_console_errors(browser) == []


def test_web_rough_map_date_slider_narrows_points(server, browser):
    browser.get(server.url + "/map")
    _wait(browser, "#map-svg[data-ready='1']")
    assert _wait(browser, "#map-slider").is_displayed()
    def shown():
        return len(_css(browser, "#map-svg circle.pt[data-event]")) + sum(
            int(c.get_attribute("data-count")) for c in _css(browser, "#map-svg g.cluster"))
    everything = shown()
    assert everything == 5  # 3 in Kirkuk, al-Qaim, Baghdad airport
    # only the first day: the Kirkuk rocket attack of 27 December
    browser.execute_script("var t = document.getElementById('map-to'); t.value = '0';"
                           "t.dispatchEvent(new Event('input', {bubbles: true}));")
    assert shown() == 1 and not _css(browser, "#map-svg g.cluster")
    assert "of 5 shown" in browser.find_element("id", "map-range").text
    browser.execute_script("var t = document.getElementById('map-to'); t.value = t.max;"
                           "t.dispatchEvent(new Event('input', {bubbles: true}));")
    assert shown() == everything


def test_web_rough_event_page_links_to_its_point(server, browser):
    browser.get(server.url + "/events/" + server.ids["kirkuk"])
    _wait(browser, "#map-link").click()
    svg = _wait(browser, "#map-svg[data-ready='1']")
    assert svg.get_attribute("data-focus") == server.ids["kirkuk"]
    focused = _css(browser, "#map-svg circle.pt.focus")
    assert [c.get_attribute("data-event") for c in focused] == [server.ids["kirkuk"]]
    assert focused[0].is_displayed()
    width = float(browser.execute_script("return arguments[0].getAttribute('viewBox')", svg).split()[2])
    assert width < 400  # zoomed in on the point
    _shot(browser, "rough-map-focus")


def _label_boxes(browser):
    return browser.execute_script("""
        return Array.prototype.filter.call(document.querySelectorAll('#network-svg .node text'),
            function (t) { return getComputedStyle(t).display !== 'none'; })
          .map(function (t) { var r = t.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; });""")


def test_web_rough_network_labels_do_not_overlap(server, browser):
    browser.get(server.url + "/network")
    _wait(browser, "#network-svg[data-ready='1']")
    boxes = _label_boxes(browser)
    assert boxes
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not (a[0] < b[2] - 1 and b[0] < a[2] - 1 and a[1] < b[3] - 1 and b[1] < a[3] - 1), (a, b)


def test_web_rough_network_crowded_labels_hidden_not_overlapping(server, browser):
    """Thirty nodes packed into a small square: the biggest keep their labels, none of the
    shown labels overlap, the rest wait for a hover."""
    browser.get(server.url + "/network")
    _wait(browser, "#network-svg[data-ready='1']")
    shown, hidden = browser.execute_script("""
        var svg = document.getElementById('network-svg'), g = sitrep.svg('g', {id: 'crowd'}, svg);
        var nodes = [], pos = {}, radius = {}, labels = {};
        for (var i = 0; i < 30; i += 1) {
          var id = 'n' + i, a = sitrep.svg('a', {'class': 'node'}, g);
          nodes.push({id: id, name: 'Armed group number ' + i});
          pos[id] = [200 + (i % 6) * 14, 200 + Math.floor(i / 6) * 9];
          radius[id] = 3 + (30 - i) / 6;
          labels[id] = sitrep.text(a, 0, 0, nodes[i].name);
        }
        sitrep.network.placeLabels(nodes, pos, radius, labels);
        var boxes = [], hidden = 0;
        nodes.forEach(function (n) {
          if (labels[n.id].classList.contains('label-hidden')) { hidden += 1; return; }
          var r = labels[n.id].getBoundingClientRect(); boxes.push([r.left, r.top, r.right, r.bottom, n.id]);
        });
        g.remove();
        return [boxes, hidden];""")
    assert hidden > 10 and len(shown) >= 2
    assert shown[0][4] == "n0"  # the biggest node keeps its label
    for i, a in enumerate(shown):
        for b in shown[i + 1:]:
            assert not (a[0] < b[2] - 1 and b[0] < a[2] - 1 and a[1] < b[3] - 1 and b[1] < a[3] - 1), (a, b)


def test_web_rough_network_node_can_be_dragged(server, browser):
    from selenium.webdriver.common.action_chains import ActionChains
    browser.get(server.url + "/network")
    _wait(browser, "#network-svg[data-ready='1']")
    node = _css(browser, "#network-svg a.node[data-actor='iran'] circle")[0]
    before = (float(node.get_attribute("cx")), float(node.get_attribute("cy")))
    edges_before = [e.get_attribute("d") for e in _css(browser, "#network-svg path.edge")]
    url = browser.current_url
    ActionChains(browser).move_to_element(node).click_and_hold().move_by_offset(40, 10) \
        .move_by_offset(40, 30).release().perform()
    after = (float(node.get_attribute("cx")), float(node.get_attribute("cy")))
    assert after[0] > before[0] + 20 and after[1] > before[1] + 10
    assert browser.current_url == url  # the drag did not follow the node's link
    edges_after = [e.get_attribute("d") for e in _css(browser, "#network-svg path.edge")]
    assert edges_after != edges_before  # its links followed it
    _shot(browser, "rough-network-dragged")
    assert _severe_console_errors(browser) == []


@pytest.mark.parametrize("page", ["/events", "/", "/articles/{strikes_article}", "/actors/kataib-hezbollah"])
def test_web_rough_tables_fit_a_1400px_window(server, browser, page):
    browser.set_window_size(1400, 1000)
    browser.get(server.url + page.format(**server.ids))
    _wait(browser, "table.events")
    width = browser.execute_script("return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1], width
    for wrap in _css(browser, ".table-wrap"):
        assert wrap.rect["x"] + wrap.rect["width"] <= width[1] + 1
    # a row of long unbroken names, ids and places (as a large KB has) still fits
    browser.execute_script("""
        var rows = document.querySelectorAll('table.events tbody tr');
        rows.forEach(function (row) {
          var extra = row.cloneNode(true), cells = extra.querySelectorAll('td');
          cells[2].textContent = 'Islamic-Revolutionary-Guard-Corps-Quds-Force-and-allied-militias-'.repeat(4);
          cells[3].textContent = 'Popular-Mobilization-Forces-Brigades-'.repeat(5);
          cells[4].textContent = 'Baghdad-International-Airport-cargo-terminal-road-'.repeat(3);
          cells[8].querySelector('a').textContent = 'ev' + '0123456789abcdef'.repeat(5);
          row.parentNode.appendChild(extra);
        });""")
    width = browser.execute_script("return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1], width


def test_web_rough_refused_ingest_keeps_the_pasted_text(server, browser):
    browser.delete_all_cookies()
    browser.get(server.url + "/ingest")
    form = _wait(browser, "#ingest-form")
    pasted = "Title: Test\n\nRockets hit a base near Kirkuk on Monday, officials said."
    form.find_element("name", "text").send_keys(pasted)
    form.find_element("name", "published").send_keys("2023-01-02")
    form.find_element("id", "ingest-submit").click()
    assert _wait(browser, "#error-code").text == "E501"
    assert "401 Unauthorized" in browser.find_element("id", "error-status").text
    browser.find_element("css selector", "[data-back]").click()
    form = _wait(browser, "#ingest-form[data-restored='1']")
    assert form.find_element("name", "text").get_attribute("value") == pasted
    assert form.find_element("name", "published").get_attribute("value") == "2023-01-02"
    _shot(browser, "rough-ingest-restored")
    browser.get(server.url + "/ingest")  # restored once; a later visit starts empty
    assert _wait(browser, "#ingest-form").find_element("name", "text").get_attribute("value") == ""
