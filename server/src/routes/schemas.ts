// Schemas shared by several routes: pagination, the error body, ids.
import { z } from 'zod';

export const idParam = z.object({ id: z.uuid({ message: 'must be a UUID' }) }).strict();
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(1000).optional(),
};
export const errorBody = z.object({ error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }) });
export const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });
