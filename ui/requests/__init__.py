"""The Requests tab (服务): residents\x27 requests, 点单 → 派单 → 接单 → 评单."""
