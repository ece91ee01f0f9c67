// The objects the views share, handed down through Svelte's context by App.

import { getContext, setContext } from 'svelte';
import type { Session } from './session.svelte';
import type { LeaveGuard } from './guard.svelte';
import type { ItemsState } from './items-state.svelte';

export type Shared = { session: Session; guard: LeaveGuard; items: ItemsState };

const KEY = Symbol('counterpart');

export const provideShared = (s: Shared) => setContext(KEY, s);
export const shared = () => getContext<Shared>(KEY);
