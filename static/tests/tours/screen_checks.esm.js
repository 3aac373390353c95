/**
 * What a user cannot read on a screen: an area scrolling sideways, or a text
 * cut with an ellipsis. The tours call these on each screen of the addon, at
 * the size and in the language of the test.
 */

/**
 * @param {Element} element
 * @returns {String} how the element shows in an error
 */
function describe(element) {
  const classes = [...element.classList].slice(0, 3).join(".");
  const text = (element.textContent || "").trim().replace(/\s+/g, " ").slice(0, 60);
  return `<${element.tagName.toLowerCase()}${classes ? "." + classes : ""}> "${text}"`;
}

/**
 * @param {HTMLInputElement} input
 * @returns {Number} how many pixels of its value (or placeholder) do not fit
 */
function inputOverflow(input) {
  const text = input.value || input.placeholder || "";
  if (!text) {
    return 0;
  }
  const style = getComputedStyle(input);
  const context = document.createElement("canvas").getContext("2d");
  context.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const room =
    input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return Math.ceil(context.measureText(text).width - room);
}

/**
 * @param {Element} root the screen (a view's content, a dialog)
 * @param {Object} [options]
 * @param {Boolean} [options.page=true] check that the page does not scroll sideways
 * @returns {Array<String>} what scrolls sideways or is cut, empty when all reads
 */
export function unreadable(root, {page = true} = {}) {
  const found = [];
  for (const element of [root, ...root.querySelectorAll("*")]) {
    // Not shown: nothing to read.
    if (!element.getClientRects().length) {
      continue;
    }
    const style = getComputedStyle(element);
    if (style.visibility === "hidden") {
      continue;
    }
    if (element.matches("input[type=text], input:not([type])")) {
      const cut = inputOverflow(element);
      if (cut > 1) {
        found.push(
          `cut: ${describe(element)} "${element.value || element.placeholder}" (${cut} px)`
        );
      }
      continue;
    }
    if (style.overflowX === "visible") {
      continue;
    }
    const overflow = element.scrollWidth - element.clientWidth;
    if (overflow <= 1) {
      continue;
    }
    if (style.textOverflow === "ellipsis") {
      found.push(`cut: ${describe(element)} (${overflow} px)`);
    } else if (["auto", "scroll"].includes(style.overflowX)) {
      found.push(`scrolls sideways: ${describe(element)} (${overflow} px)`);
    }
  }
  const whole = document.documentElement;
  if (page && whole.scrollWidth > whole.clientWidth + 1) {
    found.push(
      `the page scrolls sideways (${whole.scrollWidth} > ${whole.clientWidth} px)`
    );
  }
  return found;
}

/**
 * A tour step failing when the screen ``selector`` has a value a user cannot
 * read in full.
 *
 * @param {String} selector the screen
 * @param {String} what the screen, as the error names it
 * @returns {Object} the step
 */
export function readableStep(selector, what) {
  return {
    trigger: selector,
    content: `${what}: nothing scrolls sideways, nothing is cut`,
    run() {
      const problems = unreadable(document.querySelector(selector));
      if (problems.length) {
        throw new Error(
          `${what} at ${window.innerWidth}x${window.innerHeight}: ${problems.join("; ")}`
        );
      }
    },
  };
}
