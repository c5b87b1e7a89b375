/**
 * @module Light or dark: the system's choice (prefers-color-scheme) unless the user picked one,
 * kept in this browser. The CSS reads `<html data-theme>`.
 */
export type ThemeChoice = 'system' | 'light' | 'dark';
const STORAGE_KEY = 'vigie.theme';

export function storedTheme(): ThemeChoice {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === 'light' || value === 'dark' ? value : 'system';
  } catch {
    return 'system';
  }
}

export function applyTheme(choice: ThemeChoice): void {
  if (choice === 'system') delete document.documentElement.dataset['theme'];
  else document.documentElement.dataset['theme'] = choice;
  try {
    if (choice === 'system') localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, choice);
  } catch {
    // Not kept (private browsing).
  }
}
