import { describe, expect, it } from 'vitest';
import { formatOverLimit } from './refi-limits.ts';

const MiB = 1024 * 1024;

describe('formatOverLimit', () => {
  it('shows rounded sizes when they differ', () => {
    expect(formatOverLimit(65 * MiB, 64 * MiB)).toEqual({ size: '65 MB', limit: '64 MB' });
    expect(formatOverLimit(2048, 1024)).toEqual({ size: '2 KB', limit: '1 KB' });
  });

  it('shows exact bytes when rounding would make the size read as the limit', () => {
    expect(formatOverLimit(64 * MiB + 1, 64 * MiB)).toEqual({ size: '67,108,865 bytes', limit: '67,108,864 bytes (64 MB)' });
    expect(formatOverLimit(512 * MiB + 4096, 512 * MiB)).toEqual({ size: '536,875,008 bytes', limit: '536,870,912 bytes (512 MB)' });
  });
});
