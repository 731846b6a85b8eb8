"""Rectification (AVG art. 16): correcting one's personal details, with history."""
