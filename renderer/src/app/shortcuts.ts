import { useEffect } from 'react';
import { ROOMS, useNav } from '../stores/nav-store';

/** Ctrl/Cmd+1…9 switch rooms; "/" or Ctrl/Cmd+K focus the current room's search box; Ctrl/Cmd+P opens the palette. */
export function useShortcuts(openPalette: () => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      const typing = e.target instanceof HTMLElement && /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName);
      const room = mod ? ROOMS[Number(e.key) - 1] : undefined;
      if (mod && e.key.toLowerCase() === 'p') {
        e.preventDefault();
        openPalette();
      } else if (room) {
        e.preventDefault();
        useNav.getState().go(room);
      } else if ((mod && e.key.toLowerCase() === 'k') || (e.key === '/' && !typing)) {
        const search = document.querySelector<HTMLInputElement>('[data-search]');
        if (search) {
          e.preventDefault();
          search.focus();
          search.select();
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [openPalette]);
}
