"""Who may read the forum's and the training centre's uploads (served by franchise_platform.uploads)."""

from forum.models import ForumImage
from franchise_platform.uploads import Served


def lesson_attachment(request, name: str) -> Served | None:
    """A lesson's attached file: for the people the course is assigned to and its managers."""
    from forum.training import lesson_list

    lesson = lesson_list(user=request.user).filter(attachment=name).first()
    if lesson is None:
        return None
    return Served(download_name=lesson.attachment_name or name.rsplit("/", 1)[-1])


def forum_image(request, name: str) -> Served | None:
    """An image posted in the forum: for the members who may read that brand's forum."""
    from forum.selectors import category_list

    image = ForumImage.objects.filter(image=name).first()
    if image is None or not request.user.is_authenticated:
        return None
    if not category_list(user=request.user).filter(brand_id=image.brand_id).exists():
        return None
    return Served(download_name=f"image.{image.extension}", image=True)
