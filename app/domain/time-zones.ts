/** Time zones offered in pickers; any valid IANA zone is accepted by the server. */
export const TIME_ZONES: string[] = (() => {
  const supported = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf;
  const zones = supported ? supported("timeZone") : [];
  return zones.length
    ? ["UTC", ...zones.filter((z) => z !== "UTC")]
    : [
        "UTC",
        "Europe/London",
        "Europe/Paris",
        "America/New_York",
        "America/Chicago",
        "America/Los_Angeles",
        "Asia/Tokyo",
        "Australia/Sydney",
      ];
})();
