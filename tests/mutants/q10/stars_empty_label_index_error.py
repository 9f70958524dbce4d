"""stars_to_sentiment: reads the first word before checking the label, so "" raises IndexError, not ValueError."""


def stars_to_sentiment(label):
    stars = int(label.split()[0])
    if label != ("1 star" if stars == 1 else f"{stars} stars") or not 1 <= stars <= 5:
        raise ValueError(label)
    return {1: "부정", 2: "부정", 3: "중립", 4: "긍정", 5: "긍정"}[stars]
