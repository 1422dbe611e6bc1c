import { useId } from 'react';
import { Link } from 'react-router';

/** A link of the menu: `key` is the path it opens. */
export interface NavMenuLink {
  readonly key: string;
  readonly label: string;
  readonly type?: undefined;
}

/** A titled group of links (the shape of antd Menu's `type: 'group'` items). */
export interface NavMenuGroup {
  readonly key: string;
  readonly type: 'group';
  readonly label: string;
  readonly children: readonly NavMenuLink[];
}

export type NavMenuItem = NavMenuLink | NavMenuGroup;

/**
 * The side menu of the workspace and the ministry console as plain links in lists (styles.css
 * `.nav-menu`), with the page shown marked `aria-current="page"`. It takes the items antd's inline
 * Menu took, without Menu itself, which brought rc-menu, Tooltip, Dropdown and their styles
 * (~30 KB gzipped) into every workspace page; links also open in a new tab and read as links.
 */
export function NavMenu({
  items,
  selected,
  onNavigate,
}: {
  items: readonly NavMenuItem[];
  /** The key of the page shown. */
  selected: string;
  /** Called when a link is followed (the phone layout folds the menu again). */
  onNavigate?: () => void;
}) {
  const id = useId();
  const link = (l: NavMenuLink) => (
    <li key={l.key}>
      <Link
        to={l.key}
        className="nav-menu-item"
        aria-current={l.key === selected ? 'page' : undefined}
        onClick={onNavigate}
      >
        {l.label}
      </Link>
    </li>
  );
  return (
    <ul className="nav-menu">
      {items.map((item, i) =>
        item.type === 'group' ? (
          <li key={item.key} className="nav-menu-group">
            <span className="nav-menu-group-title" id={`${id}-${i}`}>
              {item.label}
            </span>
            <ul aria-labelledby={`${id}-${i}`}>{item.children.map(link)}</ul>
          </li>
        ) : (
          link(item)
        ),
      )}
    </ul>
  );
}
