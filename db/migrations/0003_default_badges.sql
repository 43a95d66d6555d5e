-- The default badges (DESIGN: gamification defaults). Rules are data: rule_kind + threshold (+ window).
INSERT INTO "badges" ("slug", "name", "description", "rule_kind", "threshold", "window_days", "bonus_points") VALUES
  ('first-share', 'First share', 'Shared your first post', 'shares', 1, NULL, 5),
  ('three-networks', 'Triple threat', 'Shared on LinkedIn, X and Facebook', 'networks', 3, NULL, 10),
  ('five-day-streak', 'On a roll', 'Shared on 5 working days in a row', 'streak_days', 5, NULL, 15),
  ('ten-scheduled', 'Planner', 'Published 10 scheduled posts', 'scheduled_shares', 10, NULL, 10),
  ('hundred-shares', 'Centurion', 'Shared 100 posts', 'shares', 100, NULL, 50),
  ('hundred-clicks', 'Crowd puller', 'Earned 100 clicks on your links', 'clicks', 100, NULL, 25),
  ('viral-share', 'Spark', 'One share with 25 or more clicks', 'share_clicks', 25, NULL, 20),
  ('first-in-company', 'Trailblazer', 'First in the company to share an item', 'first_to_share', 1, NULL, 10),
  ('early-bird', 'Early bird', 'Shared within 2 hours of a pack going live', 'pack_early', 1, NULL, 10),
  ('pack-champion', 'Pack champion', 'Shared 5 items of one pack', 'pack_items', 5, NULL, 15)
ON CONFLICT ("slug") DO NOTHING;
