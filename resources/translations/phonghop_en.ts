<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="vi_VN">
<context>
    <name>AgendaCard</name>
    <message>
        <source>Tài liệu chung của kỳ họp</source>
        <translation>General session documents</translation>
    </message>
    <message>
        <source>Trình bày: {who}</source>
        <translation>Presented by: {who}</translation>
    </message>
    <message>
        <source>▶ Đang thảo luận</source>
        <translation>▶ Under discussion</translation>
    </message>
    <message>
        <source>✓ Đã xong</source>
        <translation>✓ Done</translation>
    </message>
</context>
<context>
    <name>AgendaPanel</name>
    <message>
        <source>Chương trình kỳ họp</source>
        <translation>Agenda</translation>
    </message>
    <message>
        <source>Chưa có chương trình kỳ họp.</source>
        <translation>No agenda yet.</translation>
    </message>
</context>
<context>
    <name>AnnotationPanel</name>
    <message>
        <source>Xóa ghi chú?</source>
        <translation>Delete the note?</translation>
    </message>
    <message>
        <source>Xóa</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Không xóa</source>
        <translation>Keep it</translation>
    </message>
    <message>
        <source>Tô sáng</source>
        <translation>Highlight</translation>
    </message>
    <message>
        <source>Nét bút</source>
        <translation>Pen stroke</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Trang {n} · {kind}</source>
        <translation>Page {n} · {kind}</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Chưa có ghi chú nào.
Chọn «Tô sáng», «Bút» hoặc «Ghi chú» ở trên để bắt đầu.</source>
        <translation>No notes yet.
Choose “Highlight”, “Pen” or “Note” above to start.</translation>
    </message>
    <message>
        <source>Xóa mục đã chọn</source>
        <translation>Delete the selected item</translation>
    </message>
    <message>
        <source>Ghi chú của tôi ({n})</source>
        <translation>My notes ({n})</translation>
    </message>
    <message>
        <source>Xóa «{what}» ở trang {n}? Không lấy lại được sau khi xóa.</source>
        <translation>Delete “{what}” on page {n}? It cannot be brought back.</translation>
    </message>
</context>
<context>
    <name>AnnotationToolbar</name>
    <message>
        <source>Đọc</source>
        <translation>Read</translation>
    </message>
    <message>
        <source>Tô sáng</source>
        <translation>Highlight</translation>
    </message>
    <message>
        <source>Bút</source>
        <translation>Pen</translation>
    </message>
    <message>
        <source>Tẩy</source>
        <translation>Eraser</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Kéo trang để cuộn. Chạm vào biểu tượng ghi chú để đọc.</source>
        <translation>Drag the page to scroll. Tap a note&apos;s icon to read it.</translation>
    </message>
    <message>
        <source>Kéo ngón tay qua các dòng chữ cần tô sáng.</source>
        <translation>Drag your finger across the lines to highlight.</translation>
    </message>
    <message>
        <source>Viết hoặc vẽ lên trang bằng ngón tay hay bút cảm ứng.</source>
        <translation>Write or draw on the page with a finger or a stylus.</translation>
    </message>
    <message>
        <source>Chà lên nét bút hoặc chỗ tô sáng để xóa.</source>
        <translation>Rub over a pen stroke or a highlight to remove it.</translation>
    </message>
    <message>
        <source>Chạm vào chỗ cần ghi chú trên trang.</source>
        <translation>Tap the place on the page for your note.</translation>
    </message>
    <message>
        <source>Vàng</source>
        <translation>Yellow</translation>
    </message>
    <message>
        <source>Xanh lá</source>
        <translation>Green</translation>
    </message>
    <message>
        <source>Xanh dương</source>
        <translation>Blue</translation>
    </message>
    <message>
        <source>Hồng</source>
        <translation>Pink</translation>
    </message>
    <message>
        <source>Đen</source>
        <translation>Black</translation>
    </message>
    <message>
        <source>Đỏ</source>
        <translation>Red</translation>
    </message>
    <message>
        <source>Màu:</source>
        <translation>Colour:</translation>
    </message>
    <message>
        <source>Danh sách ({n})</source>
        <translation>List ({n})</translation>
    </message>
    <message>
        <source>Danh sách các ghi chú của bạn trong tài liệu này</source>
        <translation>The list of your notes in this document</translation>
    </message>
    <message>
        <source>Xuất PDF</source>
        <translation>Export PDF</translation>
    </message>
    <message>
        <source>Lưu một bản PDF của tài liệu kèm các ghi chú của bạn.</source>
        <translation>Save a PDF copy of the document with your notes.</translation>
    </message>
    <message>
        <source>Không được xuất</source>
        <translation>Export not allowed</translation>
    </message>
    <message>
        <source>Tài liệu «Lưu hành nội bộ» chỉ được đọc tại ghế: không được xuất ra tệp hay in.</source>
        <translation>“Internal circulation only” documents are read at the seat only: they cannot be exported or printed.</translation>
    </message>
</context>
<context>
    <name>Annotator</name>
    <message>
        <source>Xóa ghi chú ở trang {n}? Không lấy lại được sau khi xóa.</source>
        <translation>Delete the note on page {n}? It cannot be brought back.</translation>
    </message>
    <message>
        <source>Tài liệu «Lưu hành nội bộ» không được xuất ra tệp hay in.</source>
        <translation>“Internal circulation only” documents cannot be exported or printed.</translation>
    </message>
    <message>
        <source>Lưu bản PDF có ghi chú</source>
        <translation>Save the PDF with notes</translation>
    </message>
    <message>
        <source>Tệp PDF (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>Không lưu được tệp: {e}</source>
        <translation>The file could not be saved: {e}</translation>
    </message>
    <message>
        <source>Không xuất được tài liệu, vui lòng thử lại.</source>
        <translation>The document could not be exported, please try again.</translation>
    </message>
    <message>
        <source>Đã lưu bản PDF có ghi chú: {path}</source>
        <translation>PDF with notes saved: {path}</translation>
    </message>
</context>
<context>
    <name>ConnectionBanner</name>
    <message>
        <source>Thử lại</source>
        <translation>Retry</translation>
    </message>
    <message>
        <source>Kết nối lại với máy chủ ngay bây giờ</source>
        <translation>Reconnect to the server now</translation>
    </message>
    <message>
        <source>Máy chủ từ chối kết nối: {reason}</source>
        <translation>The server refused the connection: {reason}</translation>
    </message>
    <message>
        <source>Đã ngắt kết nối</source>
        <translation>Disconnected</translation>
    </message>
    <message>
        <source>Tài liệu và chương trình trên máy vẫn xem được. Máy đang tự kết nối lại.</source>
        <translation>Documents and the agenda on this device can still be read. The device is reconnecting by itself.</translation>
    </message>
    <message>
        <source>Đã kết nối</source>
        <translation>Connected</translation>
    </message>
    <message>
        <source>Đang kết nối</source>
        <translation>Connecting</translation>
    </message>
    <message>
        <source>Mất kết nối từ {time}</source>
        <translation>Connection lost since {time}</translation>
    </message>
</context>
<context>
    <name>DocumentRow</name>
    <message>
        <source>Lưu hành nội bộ</source>
        <translation>Internal circulation only</translation>
    </message>
    <message>
        <source>(bản {n})</source>
        <translation>(version {n})</translation>
    </message>
    <message>
        <source>sẵn sàng</source>
        <translation>ready</translation>
    </message>
    <message>
        <source>chưa tải được: {e}</source>
        <translation>could not download: {e}</translation>
    </message>
    <message>
        <source>chờ tải</source>
        <translation>waiting to download</translation>
    </message>
    <message>
        <source>đang tải {p}%</source>
        <translation>downloading {p}%</translation>
    </message>
</context>
<context>
    <name>EnrollDialog</name>
    <message>
        <source>PhòngHọp – Đăng ký thiết bị</source>
        <translation>PhòngHọp – Register device</translation>
    </message>
    <message>
        <source>Đăng ký thiết bị cho ghế đại biểu</source>
        <translation>Register this device for a delegate seat</translation>
    </message>
    <message>
        <source>Làm một lần khi lắp đặt ghế. Liên kết đăng ký in trên thẻ ghế, bắt đầu bằng «phonghop://».</source>
        <translation>Done once, when the seat is set up. The registration link is printed on the seat card and starts with «phonghop://».</translation>
    </message>
    <message>
        <source>Liên kết đăng ký</source>
        <translation>Registration link</translation>
    </message>
    <message>
        <source>Dán liên kết đăng ký (trên thẻ ghế)</source>
        <translation>Paste the registration link (from the seat card)</translation>
    </message>
    <message>
        <source>Mở tệp…</source>
        <translation>Open file…</translation>
    </message>
    <message>
        <source>Đọc liên kết từ một tệp .txt</source>
        <translation>Read the link from a .txt file</translation>
    </message>
    <message>
        <source>Hoặc đọc liên kết từ tệp .txt:</source>
        <translation>Or read the link from a .txt file:</translation>
    </message>
    <message>
        <source>Máy ghế đại biểu</source>
        <translation>Delegate seat device</translation>
    </message>
    <message>
        <source>Tên thiết bị</source>
        <translation>Device name</translation>
    </message>
    <message>
        <source>Mật khẩu bảo vệ khóa thiết bị</source>
        <translation>Password protecting the device key</translation>
    </message>
    <message>
        <source>Nhập lại mật khẩu</source>
        <translation>Enter the password again</translation>
    </message>
    <message>
        <source>Ít nhất 6 ký tự. Cần mật khẩu này mỗi lần mở màn hình ghế – hãy ghi lại.</source>
        <translation>At least 6 characters. You need this password every time you open the seat screen – please write it down.</translation>
    </message>
    <message>
        <source>Đăng ký</source>
        <translation>Register</translation>
    </message>
    <message>
        <source>Thoát</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>Chọn tệp chứa liên kết đăng ký</source>
        <translation>Choose the file with the registration link</translation>
    </message>
    <message>
        <source>Tệp văn bản (*.txt);;Mọi tệp (*)</source>
        <translation>Text files (*.txt);;All files (*)</translation>
    </message>
    <message>
        <source>Không đọc được tệp này.</source>
        <translation>This file could not be read.</translation>
    </message>
    <message>
        <source>Tệp này không có liên kết đăng ký hợp lệ.</source>
        <translation>This file does not contain a valid registration link.</translation>
    </message>
    <message>
        <source>Liên kết không hợp lệ.</source>
        <translation>The link is not valid.</translation>
    </message>
    <message>
        <source>Hãy đặt tên cho thiết bị.</source>
        <translation>Please give the device a name.</translation>
    </message>
    <message>
        <source>Mật khẩu cần ít nhất 6 ký tự.</source>
        <translation>The password needs at least 6 characters.</translation>
    </message>
    <message>
        <source>Hai lần nhập mật khẩu không giống nhau.</source>
        <translation>The two passwords do not match.</translation>
    </message>
    <message>
        <source>Đăng ký không thành công.</source>
        <translation>Registration failed.</translation>
    </message>
    <message>
        <source>Hãy xem lại thẻ ghế, hoặc nhờ kỹ thuật viên cấp liên kết mới.</source>
        <translation>Please check the seat card, or ask a technician for a new link.</translation>
    </message>
    <message>
        <source>Đang đăng ký…</source>
        <translation>Registering…</translation>
    </message>
</context>
<context>
    <name>NoteDialog</name>
    <message>
        <source>Ghi chú – Trang {n}</source>
        <translation>Note – page {n}</translation>
    </message>
    <message>
        <source>Ghi chú của bạn ở trang {n}</source>
        <translation>Your note on page {n}</translation>
    </message>
    <message>
        <source>Viết ghi chú tại đây…</source>
        <translation>Write your note here…</translation>
    </message>
    <message>
        <source>Lưu ghi chú</source>
        <translation>Save the note</translation>
    </message>
    <message>
        <source>Đóng, không lưu</source>
        <translation>Close without saving</translation>
    </message>
    <message>
        <source>Xóa ghi chú</source>
        <translation>Delete the note</translation>
    </message>
    <message>
        <source>Ghi chú quá dài: bớt {n} ký tự.</source>
        <translation>The note is too long: remove {n} characters.</translation>
    </message>
    <message>
        <source>Còn viết được {n} ký tự.</source>
        <translation>{n} characters left.</translation>
    </message>
</context>
<context>
    <name>PageWidget</name>
    <message>
        <source>Đang hiển thị trang {n}…</source>
        <translation>Showing page {n}…</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <source>PhòngHọp – Mở khóa thiết bị</source>
        <translation>PhòngHọp – Unlock device</translation>
    </message>
    <message>
        <source>Mở màn hình ghế đại biểu</source>
        <translation>Open the delegate seat screen</translation>
    </message>
    <message>
        <source>Mật khẩu thiết bị</source>
        <translation>Device password</translation>
    </message>
    <message>
        <source>Mở</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Thoát</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>Hãy nhập mật khẩu thiết bị.</source>
        <translation>Please enter the device password.</translation>
    </message>
    <message>
        <source>Mật khẩu thiết bị không đúng.</source>
        <translation>The device password is not correct.</translation>
    </message>
</context>
<context>
    <name>PdfView</name>
    <message>
        <source>Không mở được tài liệu này.</source>
        <translation>This document could not be opened.</translation>
    </message>
    <message>
        <source>Lưu hành nội bộ</source>
        <translation>Internal circulation only</translation>
    </message>
    <message>
        <source>Chọn một tài liệu ở cột bên trái để đọc.</source>
        <translation>Choose a document in the left column to read it.</translation>
    </message>
    <message>
        <source>Đang mở tài liệu…</source>
        <translation>Opening document…</translation>
    </message>
    <message>
        <source>◀ Trước</source>
        <translation>◀ Previous</translation>
    </message>
    <message>
        <source>Trang trước (PgUp)</source>
        <translation>Previous page (PgUp)</translation>
    </message>
    <message>
        <source>Sau ▶</source>
        <translation>Next ▶</translation>
    </message>
    <message>
        <source>Trang sau (PgDn)</source>
        <translation>Next page (PgDn)</translation>
    </message>
    <message>
        <source>Thu nhỏ chữ (Ctrl −)</source>
        <translation>Smaller text (Ctrl −)</translation>
    </message>
    <message>
        <source>Phóng to chữ (Ctrl +)</source>
        <translation>Larger text (Ctrl +)</translation>
    </message>
    <message>
        <source>Vừa khung</source>
        <translation>Fit width</translation>
    </message>
    <message>
        <source>Trang vừa bề ngang khung đọc</source>
        <translation>Fit the page to the width of the reading pane</translation>
    </message>
    <message>
        <source>Trang {n}/{total}</source>
        <translation>Page {n}/{total}</translation>
    </message>
</context>
<context>
    <name>ResultRow</name>
    <message>
        <source>Trang {n}</source>
        <translation>Page {n}</translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message>
        <source>Tìm trong tài liệu…</source>
        <translation>Search documents…</translation>
    </message>
    <message>
        <source>Gõ có dấu hoặc không dấu, ví dụ: nghi quyet</source>
        <translation>Type with or without diacritics, e.g. nghi quyet (resolution)</translation>
    </message>
    <message>
        <source>✕ Xóa</source>
        <translation>✕ Clear</translation>
    </message>
    <message>
        <source>Xóa nội dung tìm kiếm, trở về chương trình kỳ họp</source>
        <translation>Clear the search and go back to the agenda</translation>
    </message>
    <message>
        <source>Tất cả tài liệu</source>
        <translation>All documents</translation>
    </message>
    <message>
        <source>Chỉ tài liệu đang mở</source>
        <translation>Open document only</translation>
    </message>
    <message>
        <source>Tìm trong:</source>
        <translation>Search in:</translation>
    </message>
    <message>
        <source>Hãy mở một tài liệu trước để tìm riêng trong tài liệu đó.</source>
        <translation>Open a document first to search within it.</translation>
    </message>
    <message>
        <source>Không tìm thấy kết quả cho «{q}»</source>
        <translation>No results for «{q}»</translation>
    </message>
    <message>
        <source>Tìm thấy {n} trang có «{q}». Chạm vào một kết quả để mở đúng trang đó.</source>
        <translation>Found {n} pages with «{q}». Tap a result to open that page.</translation>
    </message>
</context>
<context>
    <name>SeatViewModel</name>
    <message>
        <source>Đại biểu</source>
        <translation>Delegate</translation>
    </message>
    <message>
        <source>Chủ tọa</source>
        <translation>Chair</translation>
    </message>
    <message>
        <source>Thư ký kỳ họp</source>
        <translation>Session secretary</translation>
    </message>
    <message>
        <source>Kỹ thuật viên</source>
        <translation>Technician</translation>
    </message>
    <message>
        <source>Màn hình hội trường</source>
        <translation>Hall display</translation>
    </message>
    <message>
        <source>{name} – Ghế {seat}</source>
        <translation>{name} – Seat {seat}</translation>
    </message>
    <message>
        <source>Chủ tọa đang trình chiếu: {title}, trang {page}</source>
        <translation>The chair is presenting: {title}, page {page}</translation>
    </message>
    <message>
        <source>Chưa gửi được điểm danh, vui lòng thử lại.</source>
        <translation>Check-in could not be sent yet; please try again.</translation>
    </message>
    <message>
        <source>Tài liệu «{0}» đã cập nhật lên bản {1}{2}</source>
        <translation>Document «{0}» updated to version {1}{2}</translation>
    </message>
    <message>
        <source>Thông báo của {0}: {1}</source>
        <translation>Notice from {0}: {1}</translation>
    </message>
</context>
<context>
    <name>SeatWindow</name>
    <message>
        <source>PhòngHọp – Đại biểu</source>
        <translation>PhòngHọp – Delegate</translation>
    </message>
    <message>
        <source>☰ Chương trình</source>
        <translation>☰ Agenda</translation>
    </message>
    <message>
        <source>Xem chương trình kỳ họp và chọn tài liệu</source>
        <translation>See the session&apos;s agenda and choose a document</translation>
    </message>
    <message>
        <source>Chưa tải được tài liệu: {e}
Máy sẽ tự thử lại.</source>
        <translation>The document could not be downloaded: {e}
The device will try again by itself.</translation>
    </message>
    <message>
        <source>Tài liệu đang chờ tải về máy. Xin vui lòng chờ trong giây lát.</source>
        <translation>The document is waiting to download to this device. Please wait a moment.</translation>
    </message>
    <message>
        <source>Đang tải tài liệu về máy: {p}%
Tài liệu sẽ tự mở khi tải xong.</source>
        <translation>Downloading the document to this device: {p}%
It will open by itself when the download is complete.</translation>
    </message>
    <message>
        <source>Tài liệu này đã được rút khỏi kỳ họp.</source>
        <translation>This document has been withdrawn from the session.</translation>
    </message>
    <message>
        <source>Đến trang chủ tọa đang trình chiếu</source>
        <translation>Go to the page the chair is presenting</translation>
    </message>
    <message>
        <source>Khi bật, tài liệu tự mở đúng trang chủ tọa đang trình chiếu</source>
        <translation>When on, the document opens by itself at the page the chair is presenting</translation>
    </message>
    <message>
        <source>✓ Theo chủ tọa</source>
        <translation>✓ Follow the chair</translation>
    </message>
    <message>
        <source>Theo chủ tọa</source>
        <translation>Follow the chair</translation>
    </message>
    <message>
        <source>Tài liệu «Lưu hành nội bộ» không được in hay xuất ra tệp.</source>
        <translation>“Internal circulation only” documents cannot be printed or exported.</translation>
    </message>
    <message>
        <source>Phòng họp không giấy: máy tại ghế không in tài liệu. Cần bản giấy, xin liên hệ Văn phòng.</source>
        <translation>Paperless room: the seat does not print documents. For a paper copy, please ask the Office.</translation>
    </message>
    <message>
        <source>Tài liệu có bản mới: giữ lại {kept} ghi chú của bạn.</source>
        <translation>The document has a new version: {kept} of your notes were kept.</translation>
    </message>
    <message>
        <source>{n} ghi chú ở các trang không còn trong bản mới đã bị bỏ.</source>
        <translation>{n} notes on pages that are not in the new version were removed.</translation>
    </message>
    <message>
        <source>Đang tải thông tin kỳ họp…</source>
        <translation>Loading session information…</translation>
    </message>
    <message>
        <source>Đại biểu {name}</source>
        <translation>Delegate {name}</translation>
    </message>
    <message>
        <source>Ghế {seat}</source>
        <translation>Seat {seat}</translation>
    </message>
    <message>
        <source>✓ Đã điểm danh</source>
        <translation>✓ Checked in</translation>
    </message>
    <message>
        <source>Đang điểm danh…</source>
        <translation>Checking in…</translation>
    </message>
    <message>
        <source>Điểm danh</source>
        <translation>Check in</translation>
    </message>
    <message>
        <source>◀ Về tài liệu</source>
        <translation>◀ Back to the document</translation>
    </message>
</context>
</TS>
