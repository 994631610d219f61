"""Vietnamese name material for synthetic demo data (common family, middle and given names)."""

from __future__ import annotations

FAMILY = [
    ("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 4), ("Huỳnh", 4), ("Phan", 4),
    ("Vũ", 3), ("Võ", 3), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 2), ("Ngô", 2), ("Dương", 1),
    ("Lý", 1), ("Đinh", 1), ("Trương", 1), ("Lâm", 1), ("Mai", 1),
]
MIDDLE_MALE = ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công", "Gia", "Hoàng", "Ngọc"]
MIDDLE_FEMALE = ["Thị", "Ngọc", "Thu", "Thanh", "Minh", "Khánh", "Mỹ", "Phương", "Bảo", "Kim"]
GIVEN_MALE = ["An", "Bình", "Cường", "Dũng", "Đức", "Hải", "Hùng", "Khang", "Long", "Minh", "Nam", "Phúc",
              "Quang", "Sơn", "Tài", "Thắng", "Trung", "Tuấn", "Việt", "Vinh", "Huy", "Khoa", "Đạt", "Lộc"]
GIVEN_FEMALE = ["Anh", "Bích", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai",
                "Ngân", "Nhung", "Oanh", "Phượng", "Quyên", "Tâm", "Thảo", "Trang", "Uyên", "Vân", "Yến", "Ánh"]
STREETS = ["Lê Lợi", "Nguyễn Huệ", "Hai Bà Trưng", "Lý Tự Trọng", "Pasteur", "Đồng Khởi", "Tôn Đức Thắng",
           "Nam Kỳ Khởi Nghĩa", "Lê Thánh Tôn", "Mạc Thị Bưởi", "Nguyễn Du", "Thái Văn Lung"]
PROVINCE_CODES = ["001", "079", "031", "048", "092", "075", "036", "038", "040", "052", "066", "082", "089", "096"]
