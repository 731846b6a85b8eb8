"""How many of each kind `seed_scale` makes for N participants (ratios of a national set)."""

from __future__ import annotations

from dataclasses import dataclass

# The Netherlands has 25 safety regions; a national set never has more.
MAX_REGIONS = 25
# Every scale person's e-mail address ends with this, which marks the set.
SCALE_DOMAIN = "scale.regie.example"


@dataclass(frozen=True)
class Sizes:
    participants: int

    @property
    def regions(self) -> int:
        return max(2, min(MAX_REGIONS, round(self.participants / 4000)))

    @property
    def municipalities_per_region(self) -> int:
        return max(2, min(14, self.participants // 7000 + 1))

    @property
    def consultants(self) -> int:
        # About 1,200 at 100,000 participants: some 80 requests each over the years.
        return max(2 * self.regions, round(self.participants * 0.012))

    @property
    def coordinators(self) -> int:
        return 2 * self.regions

    @property
    def case_direction_orgs_per_region(self) -> int:
        return 2

    @property
    def recovery_cases(self) -> int:
        # About 20,000 at 100,000 participants: every fifth participant.
        return self.participants // 5

    @property
    def case_directors(self) -> int:
        return max(2 * self.regions, round(self.recovery_cases / 25))

    @property
    def peer_experts(self) -> int:
        return max(self.regions, round(self.recovery_cases / 40))

    @property
    def family_peer_experts(self) -> int:
        return max(self.regions, round(self.recovery_cases / 150))

    @property
    def gp_practices_per_region(self) -> int:
        return max(1, min(40, self.participants // (self.regions * 1000)))
