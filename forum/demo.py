"""Demo content of the help centre, in French: forum categories and threads, FAQ, a training
course with progress, and a conversation about a KPI. Idempotent (keyed by slugs and titles)."""

from django.db import transaction

from forum.markdown import render
from forum.models import Category, Course, FaqEntry, FaqTopic, Lesson, LessonCompletion, Post, Subscription, Thread
from network.models import Role

CATEGORIES = [
    ("sinistres", "Sinistres et indemnisation", "Déclarations, délais, relations avec les experts.", None),
    ("marketing-local", "Marketing local", "Annonces, fiches d'établissement, avis clients.", None),
    ("outils", "Outils et plateforme", "Questions sur la plateforme et les rapports.", None),
    ("montreal", "Entre franchisés de Montréal et Laval", "Échanges propres à la région.", 0),
]

# (category slug, title, asker, body, [(author, body)], index of the accepted answer or None)
THREADS = [
    (
        "sinistres",
        "Délai de déclaration d'un dégât des eaux",
        "franchisee",
        "Bonjour,\n\nUn client me signale un **dégât des eaux** survenu il y a 6 jours. "
        "Quel est le délai maximum pour déclarer le sinistre, et quels documents demander ?",
        [
            (
                "region",
                "Bonjour Marc,\n\nLe délai contractuel est de **5 jours ouvrés** pour un dégât des eaux. "
                "Au-delà, déclarez quand même : l'assureur ne peut refuser que s'il prouve un préjudice.\n\n"
                "Documents à demander :\n\n- photos des dommages ;\n- factures ou estimations ;\n"
                "- constat amiable si un voisin est en cause.",
            ),
            ("franchisee2", "Merci pour ce rappel, c'est utile aussi pour nous à Québec."),
        ],
        0,
    ),
    (
        "marketing-local",
        "Répondre à un avis négatif sur Google",
        "franchisee2",
        "Un client mécontent a laissé une note de 1/5. Faut-il répondre publiquement ? Y a-t-il un modèle ?",
        [
            (
                "marketing",
                "Oui, répondez toujours, dans les 48 heures, avec calme :\n\n"
                "1. remerciez pour le retour ;\n2. reconnaissez le problème sans entrer dans les détails ;\n"
                "3. proposez d'en parler au téléphone.\n\nLe modèle est dans le **guide de marque**, section 4.",
            ),
        ],
        0,
    ),
    (
        "outils",
        "Comment lire le coût par lead dans les rapports ?",
        "franchisee",
        "Dans le rapport mensuel, le coût par lead a augmenté en mars. Comment est-il calculé ?",
        [],
        None,
    ),
    (
        "montreal",
        "Salon de l'habitation de Laval : qui y va ?",
        "franchisee",
        "Le salon a lieu en avril. Quelqu'un veut partager un kiosque ? @region est-ce que le siège participe ?",
        [("region", "Oui, le siège finance 50 % du kiosque régional. Je vous écris à ce sujet.")],
        None,
    ),
]

FAQ = [
    (
        "Sinistres",
        [
            (
                "Quel est le délai pour déclarer un sinistre ?",
                "Cinq jours ouvrés en général, deux jours pour un vol. Déclarez même en retard.",
            ),
            (
                "Qui mandate l'expert ?",
                "L'assureur mandate l'expert ; le client peut se faire assister par son propre expert.",
            ),
        ],
    ),
    (
        "Marketing local",
        [
            (
                "Puis-je créer ma propre publicité ?",
                "Oui, à partir des modèles validés du **guide de marque**. Toute création libre "
                "doit être validée par le service marketing.",
            ),
        ],
    ),
    (
        "Plateforme",
        [
            (
                "Comment changer la langue de l'interface ?",
                "Avec les boutons **FR** et **EN** en haut de chaque page ; le choix est gardé sur votre compte.",
            ),
        ],
    ),
]

COURSE = (
    "Bien démarrer avec la plateforme",
    "Trois leçons pour prendre en main la plateforme : budgets, fiches d'établissement et rapports.",
    [
        (
            "Votre tableau de bord",
            "Le tableau de bord réunit vos **magasins**, vos budgets et vos rapports.\n\n"
            "- Les chiffres sont mis à jour chaque nuit.\n- Cliquez sur un indicateur pour le détail.",
            "https://videos.grande-assurance.example/formation/tableau-de-bord",
        ),
        (
            "Mettre à jour vos horaires",
            "Les horaires se modifient dans **Fiches**. Les changements sont envoyés à Google, Bing et "
            "Apple en quelques minutes.",
            "",
        ),
        (
            "Lire vos rapports",
            "Le rapport mensuel compare vos résultats à la moyenne de la région. Utilisez « Poser une "
            "question » pour écrire à votre responsable régional.",
            "https://videos.grande-assurance.example/formation/rapports",
        ),
    ],
)


def _post(thread, author, body):
    post, _created = Post.objects.get_or_create(
        thread=thread, author=author, body=body, defaults={"body_html": render(body)}
    )
    return post


@transaction.atomic
def seed(network) -> None:
    """`network` is network.demo.DemoNetwork; must be idempotent."""
    brand, users = network.brand, network.users
    categories = {}
    for position, (slug, name, description, region_index) in enumerate(CATEGORIES):
        category, _created = Category.objects.update_or_create(
            brand=brand, slug=slug, defaults={"name": name, "description": description, "position": position}
        )
        if region_index is not None:
            category.regions.set([network.regions[region_index]])
        categories[slug] = category

    for slug, title, asker, body, answers, accepted in THREADS:
        author = users[asker]
        region = author.memberships.filter(region__isnull=False).values_list("region", flat=True).first()
        thread, _created = Thread.objects.get_or_create(
            category=categories[slug], title=title, defaults={"author": author, "region_id": region}
        )
        _post(thread, author, body)
        replies = [_post(thread, users[name], text) for name, text in answers]
        Subscription.objects.get_or_create(user=author, thread=thread)
        if accepted is not None and thread.accepted_post_id is None:
            thread.accepted_post = replies[accepted]
            thread.save(update_fields=["accepted_post"])

    for position, (topic_name, entries) in enumerate(FAQ):
        topic, _created = FaqTopic.objects.update_or_create(
            brand=brand, name=topic_name, defaults={"position": position}
        )
        for question, answer in entries:
            FaqEntry.objects.get_or_create(
                topic=topic,
                question=question,
                defaults={"answer": answer, "answer_html": render(answer), "created_by": users["franchisor"]},
            )

    title, summary, lessons = COURSE
    course, _created = Course.objects.get_or_create(brand=brand, title=title, defaults={"summary": summary})
    rows = []
    for position, (lesson_title, body, video) in enumerate(lessons):
        lesson, _created = Lesson.objects.get_or_create(
            course=course,
            title=lesson_title,
            defaults={"position": position, "body": body, "body_html": render(body), "video_url": video},
        )
        rows.append(lesson)
    Course.objects.get_or_create(
        brand=brand,
        title="Animer son équipe de conseillers",
        defaults={"summary": "Pour les propriétaires de franchise.", "roles": [Role.FRANCHISEE_OWNER]},
    )
    for lesson in rows[:2]:
        LessonCompletion.objects.get_or_create(lesson=lesson, user=users["franchisee"])
    for lesson in rows:
        LessonCompletion.objects.get_or_create(lesson=lesson, user=users["franchisee2"])

    from messaging import demo as messaging_demo

    messaging_demo.seed(network)
