"""System errors (``OSError``) in the run's language: the operating system words them in
English (or in the locale's language), but a Chinese run says 文件不存在, not "No such file
or directory". A leaf module: the engine, the fixer and the command line use it."""

from __future__ import annotations

import errno

_CHINESE = {
    errno.ENOENT: "文件不存在",
    errno.EACCES: "没有访问权限",
    errno.EPERM: "操作不被允许",
    errno.EISDIR: "是文件夹，不是文件",
    errno.ENOTDIR: "路径中的某一部分不是文件夹",
    errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "文件系统只读",
    errno.EEXIST: "文件已存在",
    errno.ENAMETOOLONG: "文件名过长",
    errno.ELOOP: "符号链接循环",
    errno.EMFILE: "打开的文件过多",
    errno.EIO: "输入输出错误",
    errno.EBUSY: "文件正被占用",
    errno.EINVAL: "参数无效",
    errno.EXDEV: "不能跨文件系统移动文件",
    errno.EDQUOT: "超出磁盘配额",
}


def describe(error: BaseException, lang: str) -> str:
    """What went wrong, without the file name: 文件不存在 / No such file or directory."""
    number = getattr(error, "errno", None)
    if lang != "en" and number in _CHINESE:
        return _CHINESE[number]
    if number is not None:
        import os

        return os.strerror(number) if lang == "en" else f"系统错误（错误号 {number}）"
    return str(error) or type(error).__name__
