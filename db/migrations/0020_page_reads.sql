-- Decision 026: what the benchmarked pages read, through indexes. Idempotent (a database that ran it already).
--
-- Library search's word-prefix match through an index. A search word matches an item when a word of
-- its title, summary, tags or messages starts with it; that was a `~* '\mword'` regex over every live item's text
-- (the stemmed `search` index could not serve it, so the OR scanned the table). search_words holds the same text's
-- words (maximal runs of the regex's own word characters, `\w`, so the two split words alike), lower-cased, each
-- cut to 200 characters (search words are at most 60; a tsvector lexeme may not pass 2,047 bytes), as lexemes
-- taken as they are (array_to_tsvector does no stemming and drops no stop words): `search_words @@ 'word':*` is
-- then a GIN prefix lookup.
CREATE OR REPLACE FUNCTION "content_search_words"(doc text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$
  SELECT array_to_tsvector(ARRAY(
    SELECT DISTINCT left(w, 200) FROM unnest(regexp_split_to_array(lower(doc), '\W+')) AS w WHERE w <> ''))
$$;
--> statement-breakpoint
ALTER TABLE "content_items" ADD COLUMN IF NOT EXISTS "search_words" tsvector
  GENERATED ALWAYS AS ("content_search_words"(title || ' ' || coalesce(summary, '') || ' ' || search_text)) STORED;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "content_items_search_words_idx" ON "content_items" USING gin ("search_words");
--> statement-breakpoint
-- Share of voice lists every network in sov_daily for its filter: with this index, a skip scan reads one entry per
-- network instead of the whole table.
CREATE INDEX IF NOT EXISTS "sov_daily_network_idx" ON "sov_daily" USING btree ("network");
