import type { CreateTokenResponse, TokenView } from '../../../shared/api/index.ts';
import type { Api } from './api.ts';
import { ApiError, toApiError } from './api-error.ts';

/** The person's API tokens. A new token's secret is kept here only until the page is left. */
export class TokensState {
  tokens = $state.raw<TokenView[] | null>(null);
  loadError = $state.raw<ApiError | null>(null);
  /** The token just created: its secret is shown once and never fetched again. */
  created = $state.raw<CreateTokenResponse | null>(null);

  constructor(private readonly api: Api) {}

  async load(): Promise<void> {
    try {
      this.tokens = await this.api.listTokens();
      this.loadError = null;
    } catch (error) {
      this.loadError = toApiError(error);
    }
  }

  async create(name: string): Promise<void> {
    if (!name.trim()) throw ApiError.invalid('name', 'Name the token after where it will be used, such as “analysis scripts”.');
    this.created = await this.api.createToken(name.trim());
    this.tokens = await this.api.listTokens();
  }

  async revoke(id: string): Promise<void> {
    await this.api.revokeToken(id);
    this.tokens = (this.tokens ?? []).filter((t) => t.id !== id);
    if (this.created?.id === id) this.created = null;
  }
}
