/**
 * The check the tours run on every screen (static/tests/tours/screen_checks.esm.js):
 * it finds a text cut with an ellipsis, an area scrolling sideways and an
 * input too narrow for its text, and nothing where everything reads.
 */
import {expect, getFixture, test} from "@odoo/hoot";
import {unreadable} from "@crm_similar_leads/../tests/tours/screen_checks.esm";

const LONG = "a value far too long to fit in one hundred pixels of width";

/**
 * @param {String} html the screen's content
 * @returns {Array<String>} what the check finds in it
 */
function check(html) {
  const screen = document.createElement("div");
  screen.style.width = "300px";
  screen.innerHTML = html;
  getFixture().append(screen);
  return unreadable(screen, {page: false});
}

test("a text cut with an ellipsis is found", async () => {
  const found = check(
    `<div style="width: 100px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap">${LONG}</div>`
  );
  expect(found).toHaveLength(1);
  expect(found[0]).toMatch(/^cut: <div> "a value far too long/);
});

test("an area scrolling sideways is found", async () => {
  const found = check(
    `<div style="width: 100px; overflow-x: auto"><div style="width: 400px">wide</div></div>`
  );
  expect(found).toHaveLength(1);
  expect(found[0]).toMatch(/^scrolls sideways/);
});

test("an input too narrow for its placeholder is found", async () => {
  const found = check(`<input style="width: 60px" placeholder="${LONG}"/>`);
  expect(found).toHaveLength(1);
  expect(found[0]).toMatch(/^cut: <input>/);
});

test("wrapped values read in full", async () => {
  expect(
    check(
      `<div style="width: 100px; overflow: hidden; text-overflow: ellipsis; overflow-wrap: anywhere">${LONG}</div>
       <div style="width: 100px; overflow-x: auto"><div>narrow</div></div>
       <input style="width: 250px" placeholder="short"/>`
    )
  ).toEqual([]);
});
