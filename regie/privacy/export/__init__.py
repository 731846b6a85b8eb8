"""Access and portability (AVG art. 15 and 20): a person's data as JSON and PDF."""
