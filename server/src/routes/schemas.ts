// Schemas shared by several routes: pagination, the error body, ids.
import { z } from 'zod';

export const idParam = z.object({ id: z.uuid({ message: 'must be a UUID' }) }).strict();
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(1000).optional(),
};
export const errorBody = z.object({ error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }) });
export const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/**
 * A PUT/PATCH body that also takes what the resource's GET answered: the read-only fields
 * (`id`, `createdAt`, `updatedAt`, counts…) are accepted and dropped, so a client may read,
 * change one field and write the whole object back. Any other unknown field is still refused
 * by name. `View` is the GET's answer: the names are checked against it.
 */
export function acceptingReadBack<View>() {
  return <S extends z.ZodObject, K extends Exclude<keyof View, keyof z.infer<S>> & string>(schema: S, readOnly: readonly K[]) =>
    schema
      .extend(Object.fromEntries(readOnly.map((k) => [k, z.unknown().optional().describe('Read-only (as GET answers it): accepted and ignored')])))
      .transform((body) => {
        const kept: Record<string, unknown> = { ...body };
        for (const k of readOnly) delete kept[k];
        return kept as z.infer<S>;
      });
}
