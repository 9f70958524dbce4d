"""stars_to_sentiment: counts 3 stars as positive (>= 3 means good)."""


def stars_to_sentiment(label):
    stars = int(label.split()[0])
    if not 1 <= stars <= 5:
        raise ValueError(label)
    return "긍정" if stars >= 3 else "부정"
