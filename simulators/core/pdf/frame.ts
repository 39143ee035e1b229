/**
 * A page as a reader sees it: the visible box (CropBox, which defaults to the MediaBox) turned by
 * the page's /Rotate. Vendors that give coordinates "from the page's bottom-left corner" mean the
 * page as displayed; drawing happens in the PDF's user space. These map one onto the other.
 */

/** The visible box in user space and the clockwise /Rotate (0, 90, 180 or 270). */
export interface PageFrame {
  x: number;
  y: number;
  width: number;
  height: number;
  rotation: 0 | 90 | 180 | 270;
}

/** Normalises any /Rotate value (a multiple of 90, possibly negative) to 0–270. */
export function normaliseRotation(angle: number): PageFrame['rotation'] {
  const r = (((Math.round(angle / 90) * 90) % 360) + 360) % 360;
  return r as PageFrame['rotation'];
}

/** The page's size as displayed (width and height swap at 90° and 270°). */
export function displayedSize(f: PageFrame): { width: number; height: number } {
  return f.rotation === 90 || f.rotation === 270
    ? { width: f.height, height: f.width }
    : { width: f.width, height: f.height };
}

/**
 * A point given from the displayed page's bottom-left corner, in user space. /Rotate turns the
 * page clockwise: at 90° the displayed bottom-left is the box's bottom-right corner.
 */
export function displayedToUser(f: PageFrame, dx: number, dy: number): { x: number; y: number } {
  switch (f.rotation) {
    case 90:
      return { x: f.x + f.width - dy, y: f.y + dx };
    case 180:
      return { x: f.x + f.width - dx, y: f.y + f.height - dy };
    case 270:
      return { x: f.x + dy, y: f.y + f.height - dx };
    default:
      return { x: f.x + dx, y: f.y + dy };
  }
}

/** A user-space point measured from the displayed page's bottom-left corner (displayedToUser's inverse). */
export function userToDisplayed(f: PageFrame, x: number, y: number): { x: number; y: number } {
  switch (f.rotation) {
    case 90:
      return { x: y - f.y, y: f.x + f.width - x };
    case 180:
      return { x: f.x + f.width - x, y: f.y + f.height - y };
    case 270:
      return { x: f.y + f.height - y, y: x - f.x };
    default:
      return { x: x - f.x, y: y - f.y };
  }
}

/** A user-space box as the reader sees it: measured from the displayed bottom-left corner. */
export function userBoxToDisplayed(f: PageFrame, b: { x: number; y: number; width: number; height: number }) {
  const a = userToDisplayed(f, b.x, b.y);
  const c = userToDisplayed(f, b.x + b.width, b.y + b.height);
  return {
    x: Math.min(a.x, c.x),
    y: Math.min(a.y, c.y),
    width: Math.abs(c.x - a.x),
    height: Math.abs(c.y - a.y),
  };
}
