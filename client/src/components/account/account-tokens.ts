import type { Api } from '../../lib/api.ts';
import { TokensState } from '../../lib/tokens-state.svelte.ts';

const shared = new WeakMap<Api, TokensState>();

/**
 * The account page's one list of API tokens, shared by its sections: the password form offers to
 * revoke them all and must know how many there are, and the tokens section must show the result.
 * (Both are siblings on the page, so neither can hand it to the other.)
 */
export function accountTokens(api: Api): TokensState {
  let tokens = shared.get(api);
  if (!tokens) {
    tokens = new TokensState(api);
    shared.set(api, tokens);
  }
  return tokens;
}
