"""stars_to_sentiment: parses the number and never refuses an unknown label."""


def stars_to_sentiment(label):
    stars = int("".join(c for c in label if c.isdigit()) or 0)
    return "긍정" if stars >= 4 else "중립" if stars == 3 else "부정"
