"""A person's own calendar feed: sessions they present, evaluations due and
quarterly meetings they are invited to, behind a secret, renewable address."""
