<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="vi_VN">
<context>
    <name></name>
    <message>
        <source>Ai nhận được khóa để đọc tài liệu. Chủ tọa, thư ký kỳ họp và kỹ thuật viên luôn đọc được; màn hình hội trường chỉ nhận tài liệu dành cho tất cả đại biểu.</source>
        <translation>Who receives the key to read the document. The chair, the session secretary and technicians can always read it; the hall display only receives documents intended for all delegates.</translation>
    </message>
    <message>
        <source>Thu hồi tài liệu</source>
        <translation>Withdraw the document</translation>
    </message>
    <message>
        <source>Thu hồi «{0}» khỏi kỳ họp? Đại biểu sẽ không mở được tài liệu này nữa.</source>
        <translation>Withdraw “{0}” from the session? Delegates will no longer be able to open this document.</translation>
    </message>
    <message>
        <source>Tài liệu đang được trình chiếu trên màn hình hội trường: màn hình sẽ thôi trình chiếu.</source>
        <translation>The document is being presented on the hall display: the display will stop presenting it.</translation>
    </message>
    <message>
        <source>Thu hồi</source>
        <translation>Withdraw</translation>
    </message>
    <message>
        <source>Không thu hồi</source>
        <translation>Don&apos;t withdraw</translation>
    </message>
    <message>
        <source>Không đọc được tệp: {0}.</source>
        <translation>The file could not be read: {0}.</translation>
    </message>
    <message>
        <source>Tất cả đại biểu</source>
        <translation>All delegates</translation>
    </message>
    <message>
        <source>Thường trực HĐND</source>
        <translation>Standing Committee</translation>
    </message>
    <message>
        <source>ban «{0}»</source>
        <translation>committee “{0}”</translation>
    </message>
    <message>
        <source>Chưa kết nối với máy chủ phòng họp nên tài liệu chưa được đăng. Vui lòng thử lại.</source>
        <translation>Not connected to the meeting room server, so the document has not been published. Please try again.</translation>
    </message>
    <message>
        <source>Mất kết nối với máy chủ khi đăng tài liệu ({0}); hãy thử lại.</source>
        <translation>The connection to the server was lost while publishing the document ({0}); please try again.</translation>
    </message>
    <message>
        <source>tệp có dấu «Lưu hành nội bộ» nên đăng ở mức Lưu hành nội bộ</source>
        <translation>the file is marked “Internal circulation”, so it should be published as Internal circulation</translation>
    </message>
    <message>
        <source>bản quét không có lớp chữ: không tìm kiếm được</source>
        <translation>scanned copy with no text layer: it cannot be searched</translation>
    </message>
    <message>
        <source>tệp có tệp đính kèm</source>
        <translation>the file has attachments</translation>
    </message>
</context>
<context>
    <name>AbsenceDialog</name>
    <message>
        <source>Đăng ký vắng mặt</source>
        <translation>Record an absence</translation>
    </message>
    <message>
        <source>Ghế {seat}</source>
        <translation>Seat {seat}</translation>
    </message>
    <message>
        <source>Vắng có lý do</source>
        <translation>Absent with leave</translation>
    </message>
    <message>
        <source>Vắng không có lý do</source>
        <translation>Absent without leave</translation>
    </message>
    <message>
        <source>Lý do vắng mặt</source>
        <translation>Reason for absence</translation>
    </message>
    <message>
        <source>Ví dụ: đi công tác theo phân công của Tỉnh ủy</source>
        <translation>For example: on official business assigned by the Provincial Party Committee</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Ghi nhận</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>Vắng có lý do cần ghi rõ lý do.</source>
        <translation>Absence with leave needs a reason.</translation>
    </message>
    <message>
        <source>Vắng mặt này đã được ghi nhận.</source>
        <translation>This absence has been recorded.</translation>
    </message>
    <message>
        <source>Lý do có thể để trống.</source>
        <translation>The reason may be left blank.</translation>
    </message>
    <message>
        <source>Đang gửi…</source>
        <translation>Sending…</translation>
    </message>
    <message>
        <source>Máy chủ từ chối thao tác.</source>
        <translation>The server refused the action.</translation>
    </message>
</context>
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
    <name>AgendaEditor</name>
    <message>
        <source>TT</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>Nội dung</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Phút</source>
        <translation>Min</translation>
    </message>
    <message>
        <source>Người trình bày</source>
        <translation>Presenter</translation>
    </message>
    <message>
        <source>Tài liệu</source>
        <translation>Documents</translation>
    </message>
    <message>
        <source>Ví dụ: Tờ trình về dự toán ngân sách năm 2027</source>
        <translation>For example: Submission on the 2027 budget estimates</translation>
    </message>
    <message>
        <source> phút</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Thời gian dự kiến</source>
        <translation>Planned time</translation>
    </message>
    <message>
        <source>Nội dung được chọn</source>
        <translation>Selected item</translation>
    </message>
    <message>
        <source>Thêm vào cuối chương trình</source>
        <translation>Add to the end of the agenda</translation>
    </message>
    <message>
        <source>Lưu nội dung được chọn</source>
        <translation>Save the selected item</translation>
    </message>
    <message>
        <source>▲ Lên</source>
        <translation>▲ Up</translation>
    </message>
    <message>
        <source>▼ Xuống</source>
        <translation>▼ Down</translation>
    </message>
    <message>
        <source>Xóa khỏi chương trình</source>
        <translation>Remove from the agenda</translation>
    </message>
    <message>
        <source>Hãy nhập tên nội dung.</source>
        <translation>Please enter the name of the item.</translation>
    </message>
    <message>
        <source>Máy chủ từ chối: {0}</source>
        <translation>The server refused: {0}</translation>
    </message>
    <message>
        <source>Đã thêm «{0}».</source>
        <translation>Added “{0}”.</translation>
    </message>
    <message>
        <source>Không có gì thay đổi.</source>
        <translation>Nothing has changed.</translation>
    </message>
    <message>
        <source>Đã lưu.</source>
        <translation>Saved.</translation>
    </message>
    <message>
        <source>Đã chuyển «{0}» đến vị trí {1}.</source>
        <translation>Moved “{0}” to position {1}.</translation>
    </message>
    <message>
        <source>«{0}» còn {1} tài liệu: thu hồi tài liệu ở thẻ «Tài liệu» trước khi xóa nội dung.</source>
        <translation>“{0}” still has {1} documents: withdraw them in the “Documents” tab before removing the item.</translation>
    </message>
    <message>
        <source>Xóa «{0}» khỏi chương trình?</source>
        <translation>Remove “{0}” from the agenda?</translation>
    </message>
    <message>
        <source>Đã xóa «{0}».</source>
        <translation>Removed “{0}”.</translation>
    </message>
    <message>
        <source>Xóa nội dung</source>
        <translation>Remove the item</translation>
    </message>
    <message>
        <source>Xóa</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Không xóa</source>
        <translation>Keep it</translation>
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
    <message>
        <source>▶ Bắt đầu</source>
        <translation>▶ Start</translation>
    </message>
    <message>
        <source>✓ Kết thúc</source>
        <translation>✓ Finish</translation>
    </message>
    <message>
        <source>Nội dung tiếp theo (F8)</source>
        <translation>Next item (F8)</translation>
    </message>
    <message>
        <source>{title} – {n} trang</source>
        <translation>{title} – {n} pages</translation>
    </message>
    <message>
        <source>đang thảo luận</source>
        <translation>under discussion</translation>
    </message>
    <message>
        <source>đã xong</source>
        <translation>done</translation>
    </message>
    <message>
        <source>{m} phút</source>
        <translation>{m} min</translation>
    </message>
    <message>
        <source>{n} tài liệu</source>
        <translation>{n} documents</translation>
    </message>
    <message>
        <source>Bắt đầu nội dung «{t}» (phím F8)</source>
        <translation>Start the item «{t}» (F8 key)</translation>
    </message>
    <message>
        <source>Không còn nội dung nào tiếp theo</source>
        <translation>There is no next item</translation>
    </message>
    <message>
        <source>▶ Mở lại</source>
        <translation>▶ Reopen</translation>
    </message>
    <message>
        <source>Bắt đầu nội dung đang chọn: mọi ghế đại biểu và màn hình hội trường chuyển theo</source>
        <translation>Start the selected item: every delegate seat and the hall display will follow</translation>
    </message>
    <message>
        <source>Đánh dấu nội dung đang chọn là đã xong</source>
        <translation>Mark the selected item as done</translation>
    </message>
    <message>
        <source>Chưa có nội dung nào đang thảo luận.</source>
        <translation>No item is under discussion yet.</translation>
    </message>
    <message>
        <source>Nội dung {n}: đã dùng {used} / {plan} phút</source>
        <translation>Item {n}: {used} of {plan} min used</translation>
    </message>
    <message>
        <source>Nội dung {n}: đã dùng {used} phút</source>
        <translation>Item {n}: {used} min used</translation>
    </message>
    <message>
        <source>quá kế hoạch</source>
        <translation>over the planned time</translation>
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
    <name>AssignDialog</name>
    <message>
        <source>Xếp tổ vào khối</source>
        <translation>Assign groups to blocks</translation>
    </message>
    <message>
        <source>Tất cả các tổ, lần lượt vào các khối từ trái sang phải</source>
        <translation>All groups, one after another, into the blocks from left to right</translation>
    </message>
    <message>
        <source>Khối {0}</source>
        <translation>Block {0}</translation>
    </message>
    <message>
        <source>Xếp Chủ tọa và Thư ký kỳ họp vào Đoàn Chủ tọa</source>
        <translation>Seat the Chair and the Session secretary in the Presidium</translation>
    </message>
    <message>
        <source>Đại biểu được xếp theo tên (tên rồi đến họ và tên đệm), từ hàng đầu, trái sang phải.</source>
        <translation>Delegates are seated by name (given name, then family and middle names), from the front row, left to right.</translation>
    </message>
    <message>
        <source>Tổ đại biểu:</source>
        <translation>Delegation group:</translation>
    </message>
    <message>
        <source>Khối ghế:</source>
        <translation>Seating block:</translation>
    </message>
    <message>
        <source>Xếp chỗ</source>
        <translation>Assign seats</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>AttendancePanel</name>
    <message>
        <source>Có mặt</source>
        <translation>Present</translation>
    </message>
    <message>
        <source>Vắng có lý do</source>
        <translation>Absent with leave</translation>
    </message>
    <message>
        <source>Vắng không có lý do</source>
        <translation>Absent without leave</translation>
    </message>
    <message>
        <source>Chưa điểm danh</source>
        <translation>Not checked in</translation>
    </message>
    <message>
        <source>Điểm danh</source>
        <translation>Check in</translation>
    </message>
    <message>
        <source>⚠ Không đủ đại biểu để thông qua: cần hơn một nửa tổng số đại biểu</source>
        <translation>⚠ Not enough delegates to pass a decision: more than half of all delegates are needed</translation>
    </message>
    <message>
        <source>Tìm theo tên (gõ không dấu cũng được)</source>
        <translation>Search by name (typing without diacritics works too)</translation>
    </message>
    <message>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Tổ đại biểu</source>
        <translation>Delegation group</translation>
    </message>
    <message>
        <source>Ghế</source>
        <translation>Seat</translation>
    </message>
    <message>
        <source>Tình trạng</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Không có đại biểu nào khớp.</source>
        <translation>No delegate matches.</translation>
    </message>
    <message>
        <source>Ghi vắng mặt…</source>
        <translation>Record absence…</translation>
    </message>
    <message>
        <source>Có mặt: {present}/{total}</source>
        <translation>Present: {present}/{total}</translation>
    </message>
    <message>
        <source>Túc số: {num}/{den} tổng số đại biểu, cần {required} đại biểu có mặt.</source>
        <translation>Quorum: {num}/{den} of all delegates; {required} delegates must be present.</translation>
    </message>
    <message>
        <source>Chưa có kỳ họp.</source>
        <translation>No session yet.</translation>
    </message>
    <message>
        <source>✓ Đã đủ túc số.</source>
        <translation>✓ Quorum reached.</translation>
    </message>
    <message>
        <source>Chưa đủ túc số: còn thiếu {missing}.</source>
        <translation>No quorum yet: {missing} more needed.</translation>
    </message>
    <message>
        <source>Tất cả ({n})</source>
        <translation>All ({n})</translation>
    </message>
    <message>
        <source>Chọn một đại biểu trong danh sách.</source>
        <translation>Choose a delegate from the list.</translation>
    </message>
    <message>
        <source>Chỉ chủ tọa và thư ký kỳ họp được ghi vắng mặt.</source>
        <translation>Only the chair and the session secretary can record absences.</translation>
    </message>
    <message>
        <source>Đại biểu đã điểm danh có mặt nên không thể ghi vắng mặt.</source>
        <translation>The delegate has checked in as present, so cannot be recorded as absent.</translation>
    </message>
</context>
<context>
    <name>BackupPanel</name>
    <message>
        <source>Sao lưu phòng họp</source>
        <translation>Back up the meeting room</translation>
    </message>
    <message>
        <source>Bản sao lưu được tạo trên máy chủ phòng họp: lệnh đọc trực tiếp thư mục dữ liệu của máy chủ (cơ sở dữ liệu, tài liệu đã mã hóa, khóa phòng họp, chứng chỉ), nên không chạy được từ máy kỹ thuật viên qua mạng. Có thể sao lưu khi phòng họp đang họp: đại biểu không bị gián đoạn.</source>
        <translation>The backup is made on the meeting room server: the command reads the server&apos;s data folder directly (database, encrypted documents, room key, certificate), so it cannot be run from the technician&apos;s computer over the network. A backup can be made while a sitting is in progress: delegates are not interrupted.</translation>
    </message>
    <message>
        <source>Trên máy chủ phòng họp, mở cửa sổ lệnh và chạy:</source>
        <translation>On the meeting room server, open a command window and run:</translation>
    </message>
    <message>
        <source>Sao chép</source>
        <translation>Copy</translation>
    </message>
    <message>
        <source>Thay THU_MUC_DU_LIEU bằng thư mục đã dùng khi khởi động máy chủ (phonghop server --data …), O_SAO_LUU bằng một thư mục trên ổ USB hoặc ổ mạng khác. Nên sao lưu trước và sau mỗi phiên họp. Khôi phục chỉ vào một thư mục mới (THU_MUC_MOI), trống; lệnh kiểm tra từng tệp trước khi khôi phục.</source>
        <translation>Replace THU_MUC_DU_LIEU with the data folder used when starting the server (phonghop server --data …), and O_SAO_LUU with a folder on a USB drive or another network drive. Back up before and after every sitting. Restore only into a new, empty folder (THU_MUC_MOI); the command checks every file before restoring.</translation>
    </message>
    <message>
        <source>Sao lưu:</source>
        <translation>Backup:</translation>
    </message>
    <message>
        <source>Khôi phục:</source>
        <translation>Restore:</translation>
    </message>
    <message>
        <source>Nếu máy này chính là máy chủ phòng họp</source>
        <translation>If this computer is the meeting room server</translation>
    </message>
    <message>
        <source>Sao lưu ngay từ máy này…</source>
        <translation>Back up now from this computer…</translation>
    </message>
    <message>
        <source>Chọn thư mục dữ liệu của máy chủ phòng họp</source>
        <translation>Choose the meeting room server&apos;s data folder</translation>
    </message>
    <message>
        <source>Lưu bản sao lưu</source>
        <translation>Save the backup</translation>
    </message>
    <message>
        <source>Bản sao lưu (*.tar)</source>
        <translation>Backups (*.tar)</translation>
    </message>
    <message>
        <source>Đang sao lưu…</source>
        <translation>Backing up…</translation>
    </message>
    <message>
        <source>{0} không phải thư mục dữ liệu của máy chủ phòng họp đang kết nối (chứng chỉ không khớp). Hãy chọn thư mục đã dùng khi khởi động máy chủ.</source>
        <translation>{0} is not the data folder of the meeting room server this console is connected to (the certificate does not match). Choose the folder used when starting the server.</translation>
    </message>
    <message>
        <source>Không sao lưu được: {0}</source>
        <translation>The backup failed: {0}</translation>
    </message>
    <message>
        <source>Đã sao lưu vào {0}.</source>
        <translation>Backed up to {0}.</translation>
    </message>
    <message>
        <source>Chưa sao lưu từ máy này.</source>
        <translation>No backup has been made from this computer yet.</translation>
    </message>
    <message>
        <source>Lần sao lưu gần nhất từ máy này: {0} vào {1} — {2} tài liệu mã hóa, {3} sự kiện nhật ký, {4} MiB.</source>
        <translation>Last backup from this computer: {0}, to {1} — {2} encrypted documents, {3} log events, {4} MiB.</translation>
    </message>
</context>
<context>
    <name>CancelDialog</name>
    <message>
        <source>Hủy biểu quyết</source>
        <translation>Cancel the vote</translation>
    </message>
    <message>
        <source>Hủy biểu quyết «{title}»? Phiếu đã bỏ (nếu có) sẽ không được tính; việc hủy và lý do được ghi vào biên bản.</source>
        <translation>Cancel the vote «{title}»? Ballots already cast (if any) will not be counted; the cancellation and its reason are recorded in the minutes.</translation>
    </message>
    <message>
        <source>Lý do hủy (bắt buộc), ví dụ: sai nội dung câu hỏi</source>
        <translation>Reason for cancelling (required), for example: the question was worded wrongly</translation>
    </message>
    <message>
        <source>Không hủy</source>
        <translation>Don&apos;t cancel</translation>
    </message>
    <message>
        <source>Lý do hủy:</source>
        <translation>Reason for cancelling:</translation>
    </message>
</context>
<context>
    <name>CardsPanel</name>
    <message>
        <source>Chủ tọa</source>
        <translation>Chair</translation>
    </message>
    <message>
        <source>Thư ký kỳ họp</source>
        <translation>Session secretary</translation>
    </message>
    <message>
        <source>Màn hình hội trường</source>
        <translation>Hall display</translation>
    </message>
    <message>
        <source>Thẻ đăng ký thiết bị</source>
        <translation>Device registration cards</translation>
    </message>
    <message>
        <source>Ghế / thiết bị</source>
        <translation>Seat / device</translation>
    </message>
    <message>
        <source>Đại biểu</source>
        <translation>Delegate</translation>
    </message>
    <message>
        <source>Thiết bị</source>
        <translation>Device</translation>
    </message>
    <message>
        <source>In thẻ cho mọi ghế chưa đăng ký…</source>
        <translation>Print cards for every unregistered seat…</translation>
    </message>
    <message>
        <source>Cấp lại thẻ…</source>
        <translation>Reissue the card…</translation>
    </message>
    <message>
        <source> giờ</source>
        <translation> hours</translation>
    </message>
    <message>
        <source>Mở tệp thẻ sau khi lưu</source>
        <translation>Open the card file after saving</translation>
    </message>
    <message>
        <source>Chỉ hiện ghế chưa đăng ký</source>
        <translation>Show only unregistered seats</translation>
    </message>
    <message>
        <source>Mã dùng được trong</source>
        <translation>Codes valid for</translation>
    </message>
    <message>
        <source>chưa xếp đại biểu</source>
        <translation>no delegate assigned</translation>
    </message>
    <message>
        <source>Hãy chọn kỳ họp trước.</source>
        <translation>Please choose a session first.</translation>
    </message>
    <message>
        <source>{0}/{1} ghế đã đăng ký thiết bị; {2} ghế chưa.</source>
        <translation>{0}/{1} seats have a registered device; {2} do not.</translation>
    </message>
    <message>
        <source>Đã đăng ký: {0}</source>
        <translation>Registered: {0}</translation>
    </message>
    <message>
        <source>Đã in thẻ, chờ đăng ký (hạn {0})</source>
        <translation>Card printed, waiting for registration (expires {0})</translation>
    </message>
    <message>
        <source>Chưa có thẻ</source>
        <translation>No card yet</translation>
    </message>
    <message>
        <source>In thẻ cho {0} ghế chưa đăng ký…</source>
        <translation>Print cards for {0} unregistered seats…</translation>
    </message>
    <message>
        <source>In thẻ…</source>
        <translation>Print cards…</translation>
    </message>
    <message>
        <source>Lưu thẻ đăng ký</source>
        <translation>Save the registration cards</translation>
    </message>
    <message>
        <source>Tệp PDF (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>Đang tạo mã và in thẻ…</source>
        <translation>Creating codes and printing cards…</translation>
    </message>
    <message>
        <source>Không lưu được tệp {0}: {1}</source>
        <translation>The file {0} could not be saved: {1}</translation>
    </message>
    <message>
        <source>Đã in {0} thẻ ({1} trang) vào {2}. Mã dùng được một lần, đến {3}.</source>
        <translation>Printed {0} cards ({1} pages) to {2}. Each code can be used once, until {3}.</translation>
    </message>
    <message>
        <source>Đã hủy {0} mã của thẻ in trước đó: thẻ cũ không còn dùng được.</source>
        <translation>Cancelled {0} codes of previously printed cards: the old cards can no longer be used.</translation>
    </message>
    <message>
        <source>Máy chủ không nhận mã của thẻ {0}: {1}</source>
        <translation>The server did not accept the code for card {0}: {1}</translation>
    </message>
    <message>
        <source>Lưu ý: máy chủ chưa hủy {0} mã của thẻ in trước đó; chúng còn dùng được đến khi hết hạn. Hãy in lại.</source>
        <translation>Note: the server has not yet cancelled {0} codes of previously printed cards; they can still be used until they expire. Please print again.</translation>
    </message>
    <message>
        <source>Không có thẻ nào được in.</source>
        <translation>No cards were printed.</translation>
    </message>
</context>
<context>
    <name>ChairViewModel</name>
    <message>
        <source>Chỉ chủ tọa được thực hiện thao tác này.</source>
        <translation>Only the chair can do this.</translation>
    </message>
    <message>
        <source>Chưa kết nối với máy chủ nên thao tác chưa được gửi. Vui lòng thử lại.</source>
        <translation>Not connected to the server, so the action was not sent. Please try again.</translation>
    </message>
    <message>
        <source>Máy chủ chưa trả lời. Thao tác sẽ được gửi lại khi kết nối ổn định.</source>
        <translation>The server has not replied yet. The action will be sent again when the connection is stable.</translation>
    </message>
    <message>
        <source>Không gửi được thao tác, vui lòng thử lại.</source>
        <translation>The action could not be sent, please try again.</translation>
    </message>
</context>
<context>
    <name>ChairVotes</name>
    <message>
        <source>Đang kiểm phiếu</source>
        <translation>Counting</translation>
    </message>
    <message>
        <source>{rule}: người trúng cử cần ít nhất {k}/{n} phiếu bầu</source>
        <translation>{rule}: a candidate needs at least {k}/{n} votes to be elected</translation>
    </message>
    <message>
        <source>{rule}: cần ít nhất {k}/{n} đại biểu tán thành</source>
        <translation>{rule}: at least {k}/{n} delegates in favour are needed</translation>
    </message>
    <message>
        <source>Không giới hạn (chủ tọa kết thúc)</source>
        <translation>No time limit (the chair closes the vote)</translation>
    </message>
    <message>
        <source>{m} phút {s} giây</source>
        <translation>{m} min {s} sec</translation>
    </message>
    <message>
        <source>{m} phút</source>
        <translation>{m} min</translation>
    </message>
    <message>
        <source>{s} giây</source>
        <translation>{s} sec</translation>
    </message>
    <message>
        <source>N = {n} (tổng số đại biểu đang giữ quyền)</source>
        <translation>N = {n} (all delegates currently holding a mandate)</translation>
    </message>
    <message>
        <source>Số đại biểu có mặt ({x}) không quá nửa tổng số ({n}): không nghị quyết nào có thể được thông qua.</source>
        <translation>The delegates present ({x}) are not more than half of all delegates ({n}): no resolution can be adopted.</translation>
    </message>
    <message>
        <source>Vẫn mở?</source>
        <translation>Open it anyway?</translation>
    </message>
</context>
<context>
    <name>ChairWindow</name>
    <message>
        <source>Điểm danh</source>
        <translation>Attendance</translation>
    </message>
    <message>
        <source>Sơ đồ</source>
        <translation>Seat map</translation>
    </message>
    <message>
        <source>Thông báo</source>
        <translation>Notices</translation>
    </message>
    <message>
        <source>«{label}»: phần này đang được hoàn thiện.</source>
        <translation>«{label}»: this section is still being completed.</translation>
    </message>
    <message>
        <source>PhòngHọp – Bàn chủ tọa</source>
        <translation>PhòngHọp – Chair&apos;s console</translation>
    </message>
    <message>
        <source>Trình chiếu</source>
        <translation>Present</translation>
    </message>
    <message>
        <source>Biểu quyết</source>
        <translation>Voting</translation>
    </message>
    <message>
        <source>Thống kê</source>
        <translation>Statistics</translation>
    </message>
    <message>
        <source>Đang tải kỳ họp…</source>
        <translation>Loading the session…</translation>
    </message>
    <message>
        <source>đủ túc số</source>
        <translation>quorum reached</translation>
    </message>
    <message>
        <source>chưa đủ túc số (cần {n})</source>
        <translation>no quorum yet ({n} needed)</translation>
    </message>
    <message>
        <source>Có mặt {p}/{n} – {verdict}</source>
        <translation>Present {p}/{n} – {verdict}</translation>
    </message>
    <message>
        <source>Không còn đại biểu nào trong danh sách chờ phát biểu.</source>
        <translation>No delegates are left in the speakers&apos; queue.</translation>
    </message>
    <message>
        <source>Chỉ chủ tọa được mời đại biểu phát biểu.</source>
        <translation>Only the chair can give the floor to a delegate.</translation>
    </message>
    <message>
        <source>Mời phát biểu</source>
        <translation>Give the floor</translation>
    </message>
    <message>
        <source>Đại biểu {a} đang phát biểu. Kết thúc lượt của đại biểu {a} và mời đại biểu {b}?</source>
        <translation>Delegate {a} is speaking. End the turn of delegate {a} and give the floor to delegate {b}?</translation>
    </message>
    <message>
        <source>Kết thúc và mời {b}</source>
        <translation>End and give the floor to {b}</translation>
    </message>
    <message>
        <source>Để {a} nói tiếp</source>
        <translation>Let {a} continue</translation>
    </message>
    <message>
        <source>Chỉ chủ tọa được kết thúc lượt phát biểu.</source>
        <translation>Only the chair can end a speaking turn.</translation>
    </message>
    <message>
        <source>Kết thúc phát biểu</source>
        <translation>End the speech</translation>
    </message>
    <message>
        <source>Đại biểu {name} còn {left} thời gian phát biểu. Kết thúc lượt phát biểu ngay bây giờ?</source>
        <translation>Delegate {name} has {left} of speaking time left. End the speaking turn now?</translation>
    </message>
    <message>
        <source>Để đại biểu nói tiếp</source>
        <translation>Let the delegate continue</translation>
    </message>
    <message>
        <source>Xóa yêu cầu phát biểu</source>
        <translation>Remove the request to speak</translation>
    </message>
    <message>
        <source>Xóa yêu cầu phát biểu của đại biểu {name} khỏi danh sách? Đại biểu sẽ phải đăng ký lại.</source>
        <translation>Remove the request to speak of delegate {name} from the list? The delegate will have to request again.</translation>
    </message>
    <message>
        <source>Xóa yêu cầu</source>
        <translation>Remove the request</translation>
    </message>
    <message>
        <source>Giữ lại</source>
        <translation>Keep it</translation>
    </message>
    <message>
        <source>lượt phát biểu của đại biểu {name} sẽ kết thúc</source>
        <translation>the speaking turn of delegate {name} will end</translation>
    </message>
    <message>
        <source>{n} yêu cầu đang chờ sẽ hết hiệu lực</source>
        <translation>{n} waiting requests will lapse</translation>
    </message>
    <message>
        <source>Chuyển nội dung</source>
        <translation>Change item</translation>
    </message>
    <message>
        <source>Chuyển sang nội dung «{title}»: {closing}. Tiếp tục?</source>
        <translation>Move to the item «{title}»: {closing}. Continue?</translation>
    </message>
    <message>
        <source>Chuyển sang nội dung {n}</source>
        <translation>Move to item {n}</translation>
    </message>
    <message>
        <source>Ở lại nội dung hiện tại</source>
        <translation>Stay on the current item</translation>
    </message>
    <message>
        <source>Không còn nội dung nào tiếp theo trong chương trình.</source>
        <translation>There is no next item on the agenda.</translation>
    </message>
    <message>
        <source>Kết thúc nội dung «{title}»?</source>
        <translation>Finish the item «{title}»?</translation>
    </message>
    <message>
        <source>Lưu ý: {closing}.</source>
        <translation>Note: {closing}.</translation>
    </message>
    <message>
        <source>Kết thúc nội dung</source>
        <translation>Finish the item</translation>
    </message>
    <message>
        <source>Chưa kết thúc</source>
        <translation>Not yet</translation>
    </message>
</context>
<context>
    <name>CommitteeLine</name>
    <message>
        <source>Ban kiểm phiếu: việc tạo khóa không thành công ({0}). Chủ tọa sẽ cho tạo lại.</source>
        <translation>Counting committee: the key could not be made ({0}). The chair will have it made again.</translation>
    </message>
    <message>
        <source>Ban kiểm phiếu: thiết bị đang tham gia tạo khóa…</source>
        <translation>Counting committee: this device is helping to make the key…</translation>
    </message>
    <message>
        <source>Ban kiểm phiếu: thiết bị đã tham gia tạo khóa</source>
        <translation>Counting committee: this device has helped to make the key</translation>
    </message>
    <message>
        <source>Ban kiểm phiếu: khóa đã sẵn sàng; thiết bị sẽ góp phần giải mã khi kết thúc bỏ phiếu</source>
        <translation>Counting committee: the key is ready; this device will help to decrypt when the ballot closes</translation>
    </message>
    <message>
        <source>Ban kiểm phiếu: thiết bị này không giữ phần khóa của cuộc bỏ phiếu này</source>
        <translation>Counting committee: this device holds no share of this ballot&apos;s key</translation>
    </message>
    <message>
        <source>Ban kiểm phiếu: đang góp phần giải mã kết quả…</source>
        <translation>Counting committee: helping to decrypt the result…</translation>
    </message>
    <message>
        <source>Ban kiểm phiếu: thiết bị đã góp phần giải mã kết quả</source>
        <translation>Counting committee: this device has helped to decrypt the result</translation>
    </message>
    <message>
        <source>Ban kiểm phiếu: thiết bị TỪ CHỐI giải mã vì tổng phiếu máy chủ gửi không khớp với các phiếu trên bảng công khai. Xin báo ngay Chủ tọa và Trưởng Ban kiểm phiếu.</source>
        <translation>Counting committee: this device REFUSED to decrypt because the total the server sent does not match the ballots on the public board. Please tell the chair and the head of the counting committee at once.</translation>
    </message>
</context>
<context>
    <name>CommitteePicker</name>
    <message>
        <source>Ban kiểm phiếu</source>
        <translation>Counting committee</translation>
    </message>
    <message>
        <source>Trưởng ban:</source>
        <translation>Head:</translation>
    </message>
    <message>
        <source>Thư ký:</source>
        <translation>Secretary:</translation>
    </message>
    <message>
        <source>Ban kiểm phiếu cần ít nhất {k} thành viên (Trưởng ban, Thư ký và ủy viên).</source>
        <translation>The Counting committee needs at least {k} members (Head, Secretary and Members).</translation>
    </message>
    <message>
        <source>Trưởng ban và Thư ký Ban kiểm phiếu phải là hai người khác nhau.</source>
        <translation>The Head and the Secretary of the Counting committee must be two different people.</translation>
    </message>
    <message>
        <source>⚠ Ban kiểm phiếu mới có {n} thành viên: HĐND tỉnh cần ít nhất {k} đại biểu.</source>
        <translation>⚠ The Counting committee has only {n} members: a provincial People&apos;s Council needs at least {k} delegates.</translation>
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
        <source>Trạng thái kết nối</source>
        <translation>Connection status</translation>
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
        <source>Chương trình kỳ họp trên máy vẫn xem được. Máy đang tự kết nối lại.</source>
        <translation>The agenda on this device can still be read. The device is reconnecting by itself.</translation>
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
    <name>CountingBox</name>
    <message>
        <source>Đã kết thúc bỏ phiếu · {kind}</source>
        <translation>Ballot closed · {kind}</translation>
    </message>
    <message>
        <source>Đang kiểm phiếu: Ban kiểm phiếu đã giải mã {d}/{t}…</source>
        <translation>Counting: the counting committee has decrypted {d}/{t}…</translation>
    </message>
    <message>
        <source>Số phiếu thu về: {c} / {p} đại biểu có mặt</source>
        <translation>Ballots collected: {c} / {p} delegates present</translation>
    </message>
    <message>
        <source>Cần thêm {k} thành viên giải mã; đang chờ máy của: {names}</source>
        <translation>{k} more members must decrypt; waiting for the devices of: {names}</translation>
    </message>
    <message>
        <source>Đang chờ máy của: {names}</source>
        <translation>Waiting for the devices of: {names}</translation>
    </message>
    <message>
        <source>Máy của các thành viên Ban kiểm phiếu tự giải mã tổng số phiếu, không mở riêng phiếu nào; kết quả hiện ngay khi đủ {t} thành viên.</source>
        <translation>The counting committee members&apos; devices decrypt the total by themselves and open no single ballot; the result appears as soon as {t} members have done so.</translation>
    </message>
    <message>
        <source>{name} (máy chưa kết nối)</source>
        <translation>{name} (device not connected)</translation>
    </message>
</context>
<context>
    <name>CountingPage</name>
    <message>
        <source>ĐANG KIỂM PHIẾU</source>
        <translation>COUNTING</translation>
    </message>
    <message>
        <source>Số phiếu thu về: {c} / {p} đại biểu có mặt</source>
        <translation>Ballots collected: {c} / {p} delegates present</translation>
    </message>
    <message>
        <source>Ban kiểm phiếu cùng mở tổng số phiếu; không phiếu nào được mở riêng</source>
        <translation>The counting committee opens the total together; no single ballot is opened</translation>
    </message>
</context>
<context>
    <name>DelegatesPanel</name>
    <message>
        <source>Đại biểu</source>
        <translation>Delegates</translation>
    </message>
    <message>
        <source>Tìm theo tên, tổ hoặc ghế (gõ không dấu cũng được)</source>
        <translation>Search by name, group or seat (typing without diacritics works too)</translation>
    </message>
    <message>
        <source>Nhập danh sách…</source>
        <translation>Import list…</translation>
    </message>
    <message>
        <source>Tệp CSV hoặc Excel (.xlsx); cũng có thể kéo tệp thả vào đây.</source>
        <translation>A CSV or Excel (.xlsx) file; you can also drag the file and drop it here.</translation>
    </message>
    <message>
        <source>Kỳ họp chưa có đại biểu. Bấm «Nhập danh sách…» hoặc kéo tệp danh sách (CSV, Excel) thả vào đây.</source>
        <translation>The session has no delegates yet. Press “Import list…” or drag a list file (CSV, Excel) and drop it here.</translation>
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
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Chức vụ</source>
        <translation>Position</translation>
    </message>
    <message>
        <source>Tổ</source>
        <translation>Group</translation>
    </message>
    <message>
        <source>Vai trò</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Ghế</source>
        <translation>Seat</translation>
    </message>
    <message>
        <source>Chức danh HĐND</source>
        <translation>Council posts</translation>
    </message>
    <message>
        <source>Ban</source>
        <translation>Committee</translation>
    </message>
    <message>
        <source>Thường trực</source>
        <translation>Standing Committee</translation>
    </message>
    <message>
        <source>Có</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>Tạm đình chỉ</source>
        <translation>Suspended</translation>
    </message>
    <message>
        <source>Đã thôi nhiệm vụ</source>
        <translation>Mandate ended</translation>
    </message>
    <message>
        <source>Tình trạng</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Hãy chọn kỳ họp trước.</source>
        <translation>Please choose a session first.</translation>
    </message>
    <message>
        <source>{0} đại biểu; Tổng số đại biểu HĐND (N): {1}</source>
        <translation>{0} delegates; Total People&apos;s Council delegates (N): {1}</translation>
    </message>
    <message>
        <source>Chọn tệp danh sách đại biểu</source>
        <translation>Choose the delegate list file</translation>
    </message>
    <message>
        <source>Danh sách đại biểu (*.csv *.xlsx *.xlsm *.txt)</source>
        <translation>Delegate lists (*.csv *.xlsx *.xlsm *.txt)</translation>
    </message>
    <message>
        <source>Không đọc được tệp {0}: {1}</source>
        <translation>The file {0} could not be read: {1}</translation>
    </message>
    <message>
        <source>Danh sách của kỳ họp vừa thay đổi: đã xem trước lại, hãy kiểm tra rồi bấm «Áp dụng».</source>
        <translation>The session&apos;s list has just changed: the preview has been refreshed; check it, then press “Apply”.</translation>
    </message>
    <message>
        <source>Đang gửi {0} thay đổi…</source>
        <translation>Sending {0} changes…</translation>
    </message>
    <message>
        <source>Đã nhập {0} đại biểu.</source>
        <translation>Imported {0} delegates.</translation>
    </message>
    <message>
        <source>Đã nhập {0} đại biểu: thêm {1}, cập nhật {2}.</source>
        <translation>Imported {0} delegates: {1} added, {2} updated.</translation>
    </message>
    <message>
        <source>Tổng số đại biểu HĐND (N): {0} → {1}.</source>
        <translation>Total People&apos;s Council delegates (N): {0} → {1}.</translation>
    </message>
    <message>
        <source>Máy chủ từ chối.</source>
        <translation>The server refused.</translation>
    </message>
    <message>
        <source>Tổng số đại biểu HĐND (N): không đổi được: {0}</source>
        <translation>Total People&apos;s Council delegates (N) could not be changed: {0}</translation>
    </message>
    <message>
        <source>Dòng {0}: máy chủ không nhận: {1}</source>
        <translation>Row {0}: the server did not accept it: {1}</translation>
    </message>
</context>
<context>
    <name>DevicePanel</name>
    <message>
        <source>Thiết bị</source>
        <translation>Devices</translation>
    </message>
    <message>
        <source>Tìm ghế, tên hoặc mã thiết bị</source>
        <translation>Search by seat, name or device ID</translation>
    </message>
    <message>
        <source>Nháy màn hình</source>
        <translation>Flash the screen</translation>
    </message>
    <message>
        <source>Hiện số ghế thật to trên màn hình của thiết bị trong 10 giây</source>
        <translation>Show the seat number in large type on the device&apos;s screen for 10 seconds</translation>
    </message>
    <message>
        <source>Thu hồi</source>
        <translation>Revoke</translation>
    </message>
    <message>
        <source>Thiết bị bị mất hoặc thay thế: không cho kết nối nữa</source>
        <translation>The device is lost or replaced: stop it from connecting</translation>
    </message>
    <message>
        <source>Không nháy được màn hình: thiết bị đang ngoại tuyến.</source>
        <translation>The screen could not be flashed: the device is offline.</translation>
    </message>
    <message>
        <source>{0} thiết bị · {1} đang kết nối · {2} cần xem</source>
        <translation>{0} devices · {1} connected · {2} need attention</translation>
    </message>
    <message>
        <source>Bảng điều khiển đang mất kết nối với máy chủ: trạng thái thiết bị có thể đã cũ.</source>
        <translation>The console has lost its connection to the server: the device status may be out of date.</translation>
    </message>
    <message>
        <source>ghế {0}</source>
        <translation>seat {0}</translation>
    </message>
    <message>
        <source>đại biểu {0}, ghế {1}</source>
        <translation>delegate {0}, seat {1}</translation>
    </message>
    <message>
        <source>Đang nháy màn hình của {0} trong 10 giây.</source>
        <translation>Flashing the screen of {0} for 10 seconds.</translation>
    </message>
    <message>
        <source>Chưa kết nối với máy chủ phòng họp: chưa nháy được màn hình.</source>
        <translation>Not connected to the meeting room server: the screen could not be flashed yet.</translation>
    </message>
    <message>
        <source>Thu hồi thiết bị</source>
        <translation>Revoke the device</translation>
    </message>
    <message>
        <source>Thu hồi thiết bị «{0}» ({1})?</source>
        <translation>Revoke the device “{0}” ({1})?</translation>
    </message>
    <message>
        <source>Thiết bị sẽ bị ngắt kết nối, xóa khóa và tài liệu của kỳ họp, và không thể kết nối lại. Muốn dùng lại phải đăng ký lại bằng thẻ mới.</source>
        <translation>The device will be disconnected, its key and the session&apos;s documents will be erased, and it will not be able to reconnect. To use it again, it must be registered again with a new card.</translation>
    </message>
    <message>
        <source>Không thu hồi</source>
        <translation>Don&apos;t revoke</translation>
    </message>
    <message>
        <source>Chưa kết nối với máy chủ phòng họp nên chưa thu hồi được. Vui lòng thử lại.</source>
        <translation>Not connected to the meeting room server, so the device has not been revoked. Please try again.</translation>
    </message>
    <message>
        <source>Máy chủ chưa trả lời; vui lòng kiểm tra lại sau.</source>
        <translation>The server has not replied yet; please check again later.</translation>
    </message>
    <message>
        <source>Đã thu hồi thiết bị «{0}».</source>
        <translation>Device “{0}” revoked.</translation>
    </message>
    <message>
        <source>Máy chủ từ chối thao tác.</source>
        <translation>The server refused the action.</translation>
    </message>
</context>
<context>
    <name>DeviceTableModel</name>
    <message>
        <source>Mất kết nối</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Chưa kết nối</source>
        <translation>Never connected</translation>
    </message>
    <message>
        <source>Thiếu tài liệu</source>
        <translation>Missing documents</translation>
    </message>
    <message>
        <source>Lệch giờ</source>
        <translation>Clock drift</translation>
    </message>
    <message>
        <source>Phiên bản cũ</source>
        <translation>Old version</translation>
    </message>
    <message>
        <source>Chưa báo trạng thái</source>
        <translation>No status reported</translation>
    </message>
    <message>
        <source>Bình thường</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Đã thu hồi</source>
        <translation>Revoked</translation>
    </message>
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
        <source>Tình trạng</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Ghế</source>
        <translation>Seat</translation>
    </message>
    <message>
        <source>Đại biểu / thiết bị</source>
        <translation>Delegate / device</translation>
    </message>
    <message>
        <source>Vai trò</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Kết nối</source>
        <translation>Connection</translation>
    </message>
    <message>
        <source>Lần cuối</source>
        <translation>Last seen</translation>
    </message>
    <message>
        <source>Phiên bản</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Tài liệu</source>
        <translation>Documents</translation>
    </message>
    <message>
        <source>Việc cần xem trước nhất ở thiết bị này; các thiết bị có vấn đề xếp lên đầu</source>
        <translation>What to look at first on this device; devices with problems are listed at the top</translation>
    </message>
    <message>
        <source>Ghế trong hội trường</source>
        <translation>Seat in the hall</translation>
    </message>
    <message>
        <source>Đại biểu ngồi ghế này, hoặc tên của thiết bị</source>
        <translation>The delegate sitting in this seat, or the name of the device</translation>
    </message>
    <message>
        <source>Thiết bị được đăng ký để làm gì</source>
        <translation>What the device is registered for</translation>
    </message>
    <message>
        <source>Đang kết nối với máy chủ hay không, từ lúc nào</source>
        <translation>Whether the device is connected to the server, and since when</translation>
    </message>
    <message>
        <source>Lần cuối máy chủ nhận được tin từ thiết bị</source>
        <translation>The last time the server heard from the device</translation>
    </message>
    <message>
        <source>Phiên bản phần mềm trên thiết bị</source>
        <translation>Software version on the device</translation>
    </message>
    <message>
        <source>Số tài liệu (bản mới nhất) đã tải đủ trên số tài liệu thiết bị được đọc</source>
        <translation>Documents fully downloaded (latest version) out of the documents the device may read</translation>
    </message>
    <message>
        <source>Đồng hồ của thiết bị nhanh (+) hay chậm (−) hơn máy chủ; quá 1 giây là lệch</source>
        <translation>How far the device&apos;s clock is ahead of (+) or behind (−) the server; more than 1 second counts as drift</translation>
    </message>
</context>
<context>
    <name>DisplayViewModel</name>
    <message>
        <source>Phát biểu</source>
        <translation>Speech</translation>
    </message>
    <message>
        <source>Tranh luận</source>
        <translation>Debate</translation>
    </message>
    <message>
        <source>Chất vấn</source>
        <translation>Question</translation>
    </message>
    <message>
        <source>Ý kiến về trình tự, thủ tục</source>
        <translation>Point of order</translation>
    </message>
    <message>
        <source>Đang tải thông tin kỳ họp…</source>
        <translation>Loading session information…</translation>
    </message>
    <message>
        <source>{council} · Nhiệm kỳ {term}</source>
        <translation>{council} · Term {term}</translation>
    </message>
    <message>
        <source>Nội dung {n}/{total}</source>
        <translation>Item {n}/{total}</translation>
    </message>
    <message>
        <source>Đã bỏ phiếu: {voted} / {present} đại biểu có mặt</source>
        <translation>Voted: {voted} / {present} delegates present</translation>
    </message>
    <message>
        <source>Đã hủy biểu quyết: {reason}</source>
        <translation>Vote cancelled: {reason}</translation>
    </message>
    <message>
        <source>Đã hủy biểu quyết</source>
        <translation>Vote cancelled</translation>
    </message>
    <message>
        <source>Tổng số đại biểu HĐND: {n}</source>
        <translation>Total People&apos;s Council delegates: {n}</translation>
    </message>
    <message>
        <source>Số đại biểu có mặt: {n}</source>
        <translation>Delegates present: {n}</translation>
    </message>
    <message>
        <source>Hai phần ba: {needed}/{n}</source>
        <translation>Two thirds: {needed}/{n}</translation>
    </message>
    <message>
        <source>Quá nửa: {needed}/{n}</source>
        <translation>More than half: {needed}/{n}</translation>
    </message>
    <message>
        <source>Điều kiện thông qua: {rule} (ít nhất {needed}/{n} đại biểu tán thành)</source>
        <translation>Adopted if: {rule} (at least {needed}/{n} delegates in favour)</translation>
    </message>
    <message>
        <source>Số đại biểu tham gia biểu quyết: {n}</source>
        <translation>Delegates taking part in the vote: {n}</translation>
    </message>
    <message>
        <source>Số phiếu phát ra: {n}</source>
        <translation>Ballots issued: {n}</translation>
    </message>
    <message>
        <source>Số phiếu thu về: {n}</source>
        <translation>Ballots collected: {n}</translation>
    </message>
    <message>
        <source>Tỷ lệ tính trên số phiếu thu về (B = {b})</source>
        <translation>Percentages of ballots collected (B = {b})</translation>
    </message>
    <message>
        <source>Hệ quả</source>
        <translation>Consequence</translation>
    </message>
    <message>
        <source>Không trúng cử</source>
        <translation>Not elected</translation>
    </message>
    <message>
        <source>Số phiếu bầu</source>
        <translation>Votes</translation>
    </message>
    <message>
        <source>Trúng cử: {names}</source>
        <translation>Elected: {names}</translation>
    </message>
    <message>
        <source>Không có ứng cử viên nào được quá nửa tổng số đại biểu HĐND bầu</source>
        <translation>No candidate received the votes of more than half of all People&apos;s Council delegates</translation>
    </message>
    <message>
        <source>Số phiếu hợp lệ: {n}</source>
        <translation>Valid ballots: {n}</translation>
    </message>
    <message>
        <source>Số phiếu không hợp lệ: {n}</source>
        <translation>Invalid ballots: {n}</translation>
    </message>
    <message>
        <source>Số chức danh cần bầu: {seats}. Tỷ lệ tính trên tổng số đại biểu HĐND (N = {n}); trúng cử khi được quá nửa (ít nhất {needed} phiếu)</source>
        <translation>Posts to fill: {seats}. Percentages of all People&apos;s Council delegates (N = {n}); elected with more than half (at least {needed} votes)</translation>
    </message>
    <message>
        <source>Kết quả</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>Có mặt: {present}/{total}</source>
        <translation>Present: {present}/{total}</translation>
    </message>
    <message>
        <source>Đủ túc số</source>
        <translation>Quorum reached</translation>
    </message>
    <message>
        <source>Chưa đủ túc số (cần {required})</source>
        <translation>No quorum yet ({required} needed)</translation>
    </message>
    <message>
        <source>Máy chủ từ chối kết nối: {reason}</source>
        <translation>The server refused the connection: {reason}</translation>
    </message>
    <message>
        <source>Đã ngắt kết nối</source>
        <translation>Disconnected</translation>
    </message>
</context>
<context>
    <name>DisplayWindow</name>
    <message>
        <source>PhòngHọp – Màn hình hội trường</source>
        <translation>PhòngHọp – Hall display</translation>
    </message>
    <message>
        <source>Đang thảo luận · {position}</source>
        <translation>Under discussion · {position}</translation>
    </message>
    <message>
        <source>Sắp tới · {position}</source>
        <translation>Coming up · {position}</translation>
    </message>
    <message>
        <source>Trình bày: {who}</source>
        <translation>Presented by: {who}</translation>
    </message>
    <message>
        <source>Đã hoàn thành chương trình kỳ họp</source>
        <translation>The session agenda has been completed</translation>
    </message>
    <message>
        <source>Tiếp theo: {position}. {title}</source>
        <translation>Next: {position}. {title}</translation>
    </message>
    <message>
        <source>Tiếp theo ({n} đại biểu đăng ký)</source>
        <translation>Next ({n} delegates have requested to speak)</translation>
    </message>
    <message>
        <source>Chưa có đại biểu đăng ký tiếp</source>
        <translation>No further requests to speak</translation>
    </message>
    <message>
        <source>HẾT GIỜ</source>
        <translation>TIME&apos;S UP</translation>
    </message>
    <message>
        <source>Sắp hết giờ</source>
        <translation>Time almost up</translation>
    </message>
    <message>
        <source>Thời gian còn lại</source>
        <translation>Time remaining</translation>
    </message>
    <message>
        <source>Thời gian quy định: {limit}</source>
        <translation>Time allowed: {limit}</translation>
    </message>
    <message>
        <source>Đang phát biểu: {name} · {time}</source>
        <translation>Speaking: {name} · {time}</translation>
    </message>
    <message>
        <source>Trang {page}</source>
        <translation>Page {page}</translation>
    </message>
    <message>
        <source>Đang nhận thông tin tài liệu…</source>
        <translation>Receiving document information…</translation>
    </message>
    <message>
        <source>Trang {page}/{pages}</source>
        <translation>Page {page}/{pages}</translation>
    </message>
    <message>
        <source>Màn hình hội trường</source>
        <translation>Hall display</translation>
    </message>
    <message>
        <source>Chưa tải được tài liệu: {e}
Máy sẽ tự thử lại.</source>
        <translation>The document could not be downloaded: {e}
The device will try again by itself.</translation>
    </message>
    <message>
        <source>Đang chờ tải tài liệu về máy…</source>
        <translation>Waiting to download the document to this device…</translation>
    </message>
    <message>
        <source>Đang tải tài liệu về máy: {p}%</source>
        <translation>Downloading the document to this device: {p}%</translation>
    </message>
</context>
<context>
    <name>DocumentRow</name>
    <message>
        <source>Tài liệu: {title}</source>
        <translation>Document: {title}</translation>
    </message>
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
    <message>
        <source>bấm Enter để mở</source>
        <translation>press Enter to open</translation>
    </message>
</context>
<context>
    <name>DocumentsPanel</name>
    <message>
        <source>Công khai</source>
        <translation>Public</translation>
    </message>
    <message>
        <source>Lưu hành nội bộ</source>
        <translation>Internal circulation only</translation>
    </message>
    <message>
        <source>Tài liệu</source>
        <translation>Documents</translation>
    </message>
    <message>
        <source>Nội dung chương trình / tài liệu</source>
        <translation>Agenda item / document</translation>
    </message>
    <message>
        <source>Phiên bản</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Số trang</source>
        <translation>Pages</translation>
    </message>
    <message>
        <source>Phân loại · Dành cho</source>
        <translation>Classification · Intended for</translation>
    </message>
    <message>
        <source>Thiết bị có khóa</source>
        <translation>Devices with the key</translation>
    </message>
    <message>
        <source>Thêm tài liệu…</source>
        <translation>Add documents…</translation>
    </message>
    <message>
        <source>Chọn một hoặc nhiều tệp PDF cho nội dung đang chọn; cũng có thể kéo tệp thả vào nội dung trong danh sách.</source>
        <translation>Choose one or more PDF files for the selected item; you can also drag files and drop them onto an item in the list.</translation>
    </message>
    <message>
        <source>Thay phiên bản mới…</source>
        <translation>Replace with a new version…</translation>
    </message>
    <message>
        <source>Thu hồi</source>
        <translation>Withdraw</translation>
    </message>
    <message>
        <source>Chia sẻ cho thiết bị mới</source>
        <translation>Share with new devices</translation>
    </message>
    <message>
        <source>Kéo tệp PDF thả vào một nội dung chương trình để thêm tài liệu cho nội dung đó.</source>
        <translation>Drag PDF files and drop them onto an agenda item to add documents to that item.</translation>
    </message>
    <message>
        <source>Không gắn với nội dung nào của chương trình</source>
        <translation>Not linked to any agenda item</translation>
    </message>
    <message>
        <source>{0} tài liệu</source>
        <translation>{0} documents</translation>
    </message>
    <message>
        <source>chưa có tài liệu</source>
        <translation>no documents yet</translation>
    </message>
    <message>
        <source>{0}/{1}</source>
        <translation>{0}/{1}</translation>
    </message>
    <message>
        <source>Dành cho: {0}</source>
        <translation>Intended for: {0}</translation>
    </message>
    <message>
        <source>{0} thiết bị chưa có khóa: bấm «Chia sẻ cho thiết bị mới».</source>
        <translation>{0} devices have no key yet: press “Share with new devices”.</translation>
    </message>
    <message>
        <source>Chỉ tính thiết bị được đọc tài liệu: ghế của {0}, chủ tọa, thư ký kỳ họp và kỹ thuật viên.</source>
        <translation>Only devices allowed to read the document are counted: the seats of {0}, the chair, the session secretary and technicians.</translation>
    </message>
    <message>
        <source>Hãy chọn kỳ họp trước.</source>
        <translation>Please choose a session first.</translation>
    </message>
    <message>
        <source>{0} tài liệu · {1} thiết bị của kỳ họp</source>
        <translation>{0} documents · {1} session devices</translation>
    </message>
    <message>
        <source>{0} tài liệu chưa có khóa cho thiết bị mới: bấm «Chia sẻ cho thiết bị mới».</source>
        <translation>{0} documents have no key for new devices yet: press “Share with new devices”.</translation>
    </message>
    <message>
        <source>{0} · {1}</source>
        <translation>{0} · {1}</translation>
    </message>
    <message>
        <source>Chọn tệp PDF</source>
        <translation>Choose PDF files</translation>
    </message>
    <message>
        <source>Tài liệu PDF (*.pdf)</source>
        <translation>PDF documents (*.pdf)</translation>
    </message>
    <message>
        <source>Đã thu hồi «{0}»: đại biểu không mở được tài liệu này nữa.</source>
        <translation>Withdrew “{0}”: delegates can no longer open this document.</translation>
    </message>
    <message>
        <source>Không thu hồi được «{0}»: {1}</source>
        <translation>“{0}” could not be withdrawn: {1}</translation>
    </message>
    <message>
        <source>«{0}»: máy chủ không nhận: {1}</source>
        <translation>“{0}”: the server did not accept it: {1}</translation>
    </message>
    <message>
        <source>«{0}»: máy này không giữ khóa của tài liệu (do máy khác đăng); hãy thay phiên bản mới từ máy này.</source>
        <translation>“{0}”: this computer does not hold the document&apos;s key (it was published from another computer); replace it with a new version from this computer.</translation>
    </message>
    <message>
        <source>Đã chia sẻ khóa của {0} tài liệu cho thiết bị mới.</source>
        <translation>Shared the keys of {0} documents with new devices.</translation>
    </message>
    <message>
        <source>Mọi thiết bị của kỳ họp đã có khóa của mọi tài liệu.</source>
        <translation>Every device of the session has the keys of every document.</translation>
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
    <name>HallDialog</name>
    <message>
        <source>Vẽ hội trường</source>
        <translation>Draw the hall</translation>
    </message>
    <message>
        <source>Số ghế Đoàn Chủ tọa:</source>
        <translation>Presidium seats:</translation>
    </message>
    <message>
        <source>Số khối ghế (trái sang phải):</source>
        <translation>Seating blocks (left to right):</translation>
    </message>
    <message>
        <source>Khối {0}:</source>
        <translation>Block {0}:</translation>
    </message>
    <message>
        <source>hàng ×</source>
        <translation>rows ×</translation>
    </message>
    <message>
        <source>ghế mỗi hàng</source>
        <translation>seats per row</translation>
    </message>
    <message>
        <source>Lối đi giữa hai khối (số ghế):</source>
        <translation>Aisle between blocks (seats):</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Tổng cộng {0} ghế: Đoàn Chủ tọa {1}, các khối {2}.</source>
        <translation>Total {0} seats: Presidium {1}, blocks {2}.</translation>
    </message>
</context>
<context>
    <name>HandsEntry</name>
    <message>
        <source>Kết quả đếm biểu quyết giơ tay</source>
        <translation>Show of hands count</translation>
    </message>
    <message>
        <source>Ghi kết quả</source>
        <translation>Record the result</translation>
    </message>
    <message>
        <source>Tổng: {t} / {p} có mặt · Chưa biểu quyết: {rest}</source>
        <translation>Total: {t} / {p} present · Not voted: {rest}</translation>
    </message>
    <message>
        <source>Tổng {t} lớn hơn số đại biểu có mặt ({p}): kiểm tra lại số đếm.</source>
        <translation>The total {t} is more than the delegates present ({p}): check the count again.</translation>
    </message>
</context>
<context>
    <name>ImportPreviewView</name>
    <message>
        <source>Thêm</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>Cập nhật</source>
        <translation>Update</translation>
    </message>
    <message>
        <source>Không đổi</source>
        <translation>Unchanged</translation>
    </message>
    <message>
        <source>Bỏ qua</source>
        <translation>Skip</translation>
    </message>
    <message>
        <source>Dòng</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>Thao tác</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Đại biểu</source>
        <translation>Delegate</translation>
    </message>
    <message>
        <source>Tổ đại biểu</source>
        <translation>Delegation group</translation>
    </message>
    <message>
        <source>Thay đổi</source>
        <translation>Changes</translation>
    </message>
    <message>
        <source>Áp dụng</source>
        <translation>Apply</translation>
    </message>
    <message>
        <source>Hủy, không nhập</source>
        <translation>Cancel, do not import</translation>
    </message>
    <message>
        <source>Xem trước tệp «{0}»</source>
        <translation>Preview of the file “{0}”</translation>
    </message>
    <message>
        <source>{0} lỗi</source>
        <translation>{0} errors</translation>
    </message>
    <message>
        <source>{0}; {1} dòng đại biểu.</source>
        <translation>{0}; {1} delegate rows.</translation>
    </message>
    <message>
        <source>Tệp có {0} lỗi nên chưa nhập được. Hãy sửa các dòng dưới đây trong tệp rồi nhập lại; chưa có gì được gửi.</source>
        <translation>The file has {0} errors, so it cannot be imported yet. Correct the rows below in the file and import it again; nothing has been sent.</translation>
    </message>
    <message>
        <source>• {0} tổ đại biểu mới sẽ được tạo theo tệp: {1}.</source>
        <translation>• {0} new delegation groups will be created from the file: {1}.</translation>
    </message>
    <message>
        <source>• {0} đại biểu của kỳ họp không có trong tệp; giữ nguyên, không xóa: {1}</source>
        <translation>• {0} session delegates are not in the file; they are kept, not deleted: {1}</translation>
    </message>
    <message>
        <source>• Tổng số đại biểu HĐND (N): {0} → {1}.</source>
        <translation>• Total People&apos;s Council delegates (N): {0} → {1}.</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Sửa tệp rồi bấm «Nhập danh sách…» lại.</source>
        <translation>Correct the file, then press “Import list…” again.</translation>
    </message>
    <message>
        <source>Danh sách trong tệp đã có đủ trong kỳ họp: không có gì cần thay đổi.</source>
        <translation>Everyone in the file is already in the session: nothing needs to change.</translation>
    </message>
    <message>
        <source>Bấm «Áp dụng» để gửi {0} thay đổi lên máy chủ.</source>
        <translation>Press “Apply” to send {0} changes to the server.</translation>
    </message>
</context>
<context>
    <name>KeyBox</name>
    <message>
        <source>Tạo khóa với {n}/{m} thành viên đã tham gia, không chờ {names}? Những thành viên này sẽ không giữ khóa của biểu quyết này.</source>
        <translation>Make the key with the {n}/{m} members who took part, without waiting for {names}? These members will hold no share of this vote&apos;s key.</translation>
    </message>
    <message>
        <source>Tiếp tục với {n} thành viên</source>
        <translation>Continue with {n} members</translation>
    </message>
    <message>
        <source>Phiếu kín được mã hóa: chỉ Ban kiểm phiếu cùng nhau mới mở được kết quả</source>
        <translation>Encrypted secret ballot: only the counting committee together can open the result</translation>
    </message>
    <message>
        <source>Không tạo được khóa: {reason}
Hãy hủy biểu quyết này và tạo lại (nếu cần, với Ban kiểm phiếu khác).</source>
        <translation>The key could not be made: {reason}
Cancel this vote and create it again (with another counting committee if need be).</translation>
    </message>
    <message>
        <source>✓ Ban kiểm phiếu đã tạo xong khóa ({n}/{m} thành viên tham gia)</source>
        <translation>✓ The counting committee has made the key ({n}/{m} members took part)</translation>
    </message>
    <message>
        <source>Ban kiểm phiếu tạo khóa: {n}/{m} thành viên đã tham gia</source>
        <translation>Counting committee making the key: {n}/{m} members have taken part</translation>
    </message>
    <message>
        <source>Không tham gia: {names}</source>
        <translation>Did not take part: {names}</translation>
    </message>
    <message>
        <source>Chưa tham gia: {names}. Máy tại chỗ ngồi của thành viên cần đang bật và kết nối.</source>
        <translation>Not yet taken part: {names}. The members&apos; seat devices must be on and connected.</translation>
    </message>
    <message>
        <source>Có mặt {p} thành viên giữ khóa, cần ít nhất {t} để kiểm phiếu</source>
        <translation>{p} key-holding members present; at least {t} are needed to count</translation>
    </message>
    <message>
        <source>Thành viên giữ khóa chưa điểm danh: {names}</source>
        <translation>Key-holding members not checked in: {names}</translation>
    </message>
    <message>
        <source>Không chờ {n} thành viên chưa tham gia; họ sẽ không giữ khóa.</source>
        <translation>Do not wait for the {n} members who have not taken part; they will hold no share of the key.</translation>
    </message>
</context>
<context>
    <name>LocateOverlay</name>
    <message>
        <source>Kỹ thuật viên đang tìm thiết bị này</source>
        <translation>A technician is looking for this device</translation>
    </message>
    <message>
        <source>Chạm vào màn hình hoặc nhấn Esc để đóng</source>
        <translation>Touch the screen or press Esc to close</translation>
    </message>
</context>
<context>
    <name>MeetingsPanel</name>
    <message>
        <source>Phát biểu lần đầu (phút)</source>
        <translation>First speech (minutes)</translation>
    </message>
    <message>
        <source>Phát biểu lần hai (phút)</source>
        <translation>Second speech (minutes)</translation>
    </message>
    <message>
        <source>Tranh luận (phút)</source>
        <translation>Debate (minutes)</translation>
    </message>
    <message>
        <source>Chất vấn (phút)</source>
        <translation>Question (minutes)</translation>
    </message>
    <message>
        <source>Ý kiến về trình tự, thủ tục (phút)</source>
        <translation>Point of order (minutes)</translation>
    </message>
    <message>
        <source>Kỳ họp thường lệ</source>
        <translation>Regular session</translation>
    </message>
    <message>
        <source>Kỳ họp chuyên đề</source>
        <translation>Thematic session</translation>
    </message>
    <message>
        <source>Kỳ họp giải quyết công việc phát sinh đột xuất</source>
        <translation>Extraordinary session</translation>
    </message>
    <message>
        <source>Phiên họp Thường trực HĐND</source>
        <translation>Standing Committee meeting</translation>
    </message>
    <message>
        <source>Ngày họp</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Tên kỳ họp</source>
        <translation>Session name</translation>
    </message>
    <message>
        <source>Loại</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Ví dụ: Kỳ họp thứ Mười hai, HĐND tỉnh khóa XV</source>
        <translation>For example: Twelfth Session of the Provincial People&apos;s Council, 15th term</translation>
    </message>
    <message>
        <source>N tính theo danh sách đại biểu</source>
        <translation>N follows the list of delegates</translation>
    </message>
    <message>
        <source>N tự cập nhật khi danh sách đại biểu thay đổi; biểu quyết giữ N lúc tạo.</source>
        <translation>N updates itself when the list of delegates changes; a vote keeps the N it was created with.</translation>
    </message>
    <message>
        <source> giờ</source>
        <translation> hours</translation>
    </message>
    <message>
        <source>Thiết bị mất kết nối lâu hơn thời hạn này sẽ xóa tài liệu đã tải cho đến khi kết nối lại.</source>
        <translation>A device offline for longer than this deletes its downloaded documents until it reconnects.</translation>
    </message>
    <message>
        <source>Mỗi dòng một ban, ví dụ:
Ban Pháp chế
Ban Kinh tế – Ngân sách</source>
        <translation>One committee per line, for example:
Legal Affairs Committee
Economy and Budget Committee</translation>
    </message>
    <message>
        <source>Loại kỳ họp</source>
        <translation>Session type</translation>
    </message>
    <message>
        <source>Địa điểm</source>
        <translation>Venue</translation>
    </message>
    <message>
        <source>Hội đồng nhân dân</source>
        <translation>People&apos;s Council</translation>
    </message>
    <message>
        <source>Nhiệm kỳ</source>
        <translation>Term</translation>
    </message>
    <message>
        <source>Tổng số đại biểu (N)</source>
        <translation>Total delegates (N)</translation>
    </message>
    <message>
        <source>Các ban của HĐND</source>
        <translation>Council committees</translation>
    </message>
    <message>
        <source>của N</source>
        <translation>of N</translation>
    </message>
    <message>
        <source>Có mặt tối thiểu</source>
        <translation>Minimum present</translation>
    </message>
    <message>
        <source>Dùng tài liệu khi mất kết nối</source>
        <translation>Documents usable offline for</translation>
    </message>
    <message>
        <source>Thông tin kỳ họp</source>
        <translation>Session details</translation>
    </message>
    <message>
        <source>Quy định của kỳ họp</source>
        <translation>Session rules</translation>
    </message>
    <message>
        <source>Tạo kỳ họp mới</source>
        <translation>Create a new session</translation>
    </message>
    <message>
        <source>Lưu thay đổi</source>
        <translation>Save changes</translation>
    </message>
    <message>
        <source>Tạo kỳ họp theo mẫu này</source>
        <translation>Create a session from this one</translation>
    </message>
    <message>
        <source>Kỳ họp mới với tên và ngày trong ô bên trên, chép cài đặt, đại biểu, ghế và chương trình; không chép tài liệu, biểu quyết, điểm danh.</source>
        <translation>A new session with the name and date in the boxes above, copying the settings, delegates, seats and agenda; documents, votes and attendance are not copied.</translation>
    </message>
    <message>
        <source>Kết thúc kỳ họp: xóa tài liệu khỏi mọi thiết bị…</source>
        <translation>End the session: erase documents from every device…</translation>
    </message>
    <message>
        <source>Khóa tài liệu và tệp đã tải trên mọi ghế bị xóa; biên bản, kết quả biểu quyết và nhật ký vẫn được giữ. Không hoàn tác được.</source>
        <translation>The document keys and downloaded files on every seat are erased; the minutes, vote results and log are kept. This cannot be undone.</translation>
    </message>
    <message>
        <source>Sau kỳ họp</source>
        <translation>After the session</translation>
    </message>
    <message>
        <source>Các kỳ họp trên máy chủ (chọn để chuẩn bị)</source>
        <translation>Sessions on the server (choose one to prepare)</translation>
    </message>
    <message>
        <source>{0}
Mã kỳ họp: {1}</source>
        <translation>{0}
Session ID: {1}</translation>
    </message>
    <message>
        <source>Tài liệu của kỳ họp đã được xóa khỏi mọi thiết bị lúc {0}.</source>
        <translation>The session&apos;s documents were erased from every device at {0}.</translation>
    </message>
    <message>
        <source>Khi kỳ họp kết thúc: xóa khóa tài liệu và tệp đã tải khỏi mọi thiết bị (thiết bị đang tắt sẽ xóa khi kết nối lại).</source>
        <translation>When the session ends: erase the document keys and downloaded files from every device (devices that are switched off erase them when they reconnect).</translation>
    </message>
    <message>
        <source>Hãy nhập tên kỳ họp.</source>
        <translation>Please enter the session name.</translation>
    </message>
    <message>
        <source>Số có mặt tối thiểu không được lớn hơn N (tử không lớn hơn mẫu).</source>
        <translation>The minimum present cannot be more than N (the numerator cannot exceed the denominator).</translation>
    </message>
    <message>
        <source>Máy chủ không tạo kỳ họp: {0}</source>
        <translation>The server did not create the session: {0}</translation>
    </message>
    <message>
        <source>Đã tạo kỳ họp {0} nhưng chưa kết nối được để chép đại biểu, ghế và chương trình; hãy thử lại.</source>
        <translation>Session {0} was created, but there was no connection to copy the delegates, seats and agenda; please try again.</translation>
    </message>
    <message>
        <source>Đã tạo kỳ họp {0} nhưng {1} mục không chép được; xem thông báo lỗi.</source>
        <translation>Session {0} was created, but {1} items could not be copied; see the error messages.</translation>
    </message>
    <message>
        <source>Đã tạo kỳ họp «{0}» ({1}).</source>
        <translation>Created the session “{0}” ({1}).</translation>
    </message>
    <message>
        <source>Không có gì thay đổi.</source>
        <translation>Nothing has changed.</translation>
    </message>
    <message>
        <source>Máy chủ không lưu: {0}</source>
        <translation>The server did not save: {0}</translation>
    </message>
    <message>
        <source>Đã lưu thay đổi của kỳ họp.</source>
        <translation>The session&apos;s changes have been saved.</translation>
    </message>
    <message>
        <source>Xóa tài liệu của «{0}» khỏi mọi thiết bị?

Đại biểu sẽ không mở được tài liệu nữa; biên bản, kết quả biểu quyết và nhật ký vẫn được giữ. Không hoàn tác được.</source>
        <translation>Erase the documents of “{0}” from every device?

Delegates will no longer be able to open the documents; the minutes, vote results and log are kept. This cannot be undone.</translation>
    </message>
    <message>
        <source>Máy chủ không xóa: {0}</source>
        <translation>The server did not erase: {0}</translation>
    </message>
    <message>
        <source>Đã xóa tài liệu khỏi mọi thiết bị của kỳ họp.</source>
        <translation>The documents have been erased from every device of the session.</translation>
    </message>
    <message>
        <source>Kết thúc kỳ họp</source>
        <translation>End the session</translation>
    </message>
    <message>
        <source>Xóa tài liệu khỏi mọi thiết bị</source>
        <translation>Erase documents from every device</translation>
    </message>
    <message>
        <source>Không xóa</source>
        <translation>Don&apos;t erase</translation>
    </message>
    <message>
        <source>Hãy sửa tên và ngày họp của kỳ họp mới trong ô bên trên trước khi tạo theo mẫu.</source>
        <translation>Correct the name and date of the new session in the boxes above before creating it from this one.</translation>
    </message>
</context>
<context>
    <name>MessageDialog</name>
    <message>
        <source>Gửi tin nhắn</source>
        <translation>Send a message</translation>
    </message>
    <message>
        <source>Tin nhắn tới {name}</source>
        <translation>Message to {name}</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Gửi</source>
        <translation>Send</translation>
    </message>
    <message>
        <source>Máy chủ từ chối thao tác.</source>
        <translation>The server refused the action.</translation>
    </message>
</context>
<context>
    <name>MessageEditor</name>
    <message>
        <source>Nội dung thông báo ngắn…</source>
        <translation>Short notice text…</translation>
    </message>
    <message>
        <source>{n}/{max} ký tự</source>
        <translation>{n}/{max} characters</translation>
    </message>
</context>
<context>
    <name>MessagePanel</name>
    <message>
        <source>Gửi thông báo</source>
        <translation>Send a notice</translation>
    </message>
    <message>
        <source>Tất cả đại biểu</source>
        <translation>All delegates</translation>
    </message>
    <message>
        <source>Một đại biểu</source>
        <translation>One delegate</translation>
    </message>
    <message>
        <source>Tìm tên…</source>
        <translation>Search for a name…</translation>
    </message>
    <message>
        <source>Gửi</source>
        <translation>Send</translation>
    </message>
    <message>
        <source>Đã gửi gần đây</source>
        <translation>Recently sent</translation>
    </message>
    <message>
        <source>Chưa gửi thông báo nào.</source>
        <translation>No notices sent yet.</translation>
    </message>
    <message>
        <source>Gửi tới tất cả…</source>
        <translation>Send to all…</translation>
    </message>
    <message>
        <source>Gửi tới tất cả đại biểu</source>
        <translation>Send to all delegates</translation>
    </message>
    <message>
        <source>Gửi thông báo này tới màn hình của tất cả {n} đại biểu?</source>
        <translation>Send this notice to the screens of all {n} delegates?</translation>
    </message>
    <message>
        <source>Gửi tới tất cả</source>
        <translation>Send to all</translation>
    </message>
    <message>
        <source>Không gửi</source>
        <translation>Don&apos;t send</translation>
    </message>
    <message>
        <source>Máy chủ từ chối thao tác.</source>
        <translation>The server refused the action.</translation>
    </message>
    <message>
        <source>✓ Đã gửi</source>
        <translation>✓ Sent</translation>
    </message>
    <message>
        <source>{time} · Tới: {whom} · {by}</source>
        <translation>{time} · To: {whom} · {by}</translation>
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
        <source>Các trang của tài liệu</source>
        <translation>Pages of the document</translation>
    </message>
    <message>
        <source>Trang {n}/{total}</source>
        <translation>Page {n}/{total}</translation>
    </message>
</context>
<context>
    <name>PeoplePicker</name>
    <message>
        <source>Tìm theo tên hoặc chức vụ</source>
        <translation>Search by name or position</translation>
    </message>
    <message>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Chức vụ, ví dụ: Phó Chủ tịch UBND tỉnh</source>
        <translation>Position, for example: Vice-Chair of the Provincial People&apos;s Committee</translation>
    </message>
    <message>
        <source>Thêm người</source>
        <translation>Add person</translation>
    </message>
    <message>
        <source>Thêm người không phải đại biểu HĐND (ví dụ thành viên UBND)</source>
        <translation>Add someone who is not a People&apos;s Council delegate (for example a member of the People&apos;s Committee)</translation>
    </message>
    <message>
        <source>Người không phải đại biểu:</source>
        <translation>People who are not delegates:</translation>
    </message>
    <message>
        <source>Đã chọn: {n}</source>
        <translation>Selected: {n}</translation>
    </message>
</context>
<context>
    <name>PlanCanvas</name>
    <message>
        <source>Đoàn Chủ tọa</source>
        <translation>Presidium</translation>
    </message>
    <message>
        <source>Hội trường</source>
        <translation>Hall</translation>
    </message>
    <message>
        <source>Khối {0}</source>
        <translation>Block {0}</translation>
    </message>
    <message>
        <source>Bỏ xếp ghế {0} ({1})</source>
        <translation>Clear seat {0} ({1})</translation>
    </message>
    <message>
        <source>Chưa có ghế nào. Bấm «Vẽ hội trường…» để tạo các khối ghế.</source>
        <translation>No seats yet. Press “Draw the hall…” to create the seating blocks.</translation>
    </message>
</context>
<context>
    <name>PresentingPanel</name>
    <message>
        <source>Trình chiếu</source>
        <translation>Present</translation>
    </message>
    <message>
        <source>Dừng trình chiếu</source>
        <translation>Stop presenting</translation>
    </message>
    <message>
        <source>Đưa trang này lên màn hình hội trường và các ghế đang theo chủ tọa</source>
        <translation>Show this page on the hall display and on the seats following the chair</translation>
    </message>
    <message>
        <source>Màn hình hội trường thôi hiển thị tài liệu</source>
        <translation>The hall display stops showing the document</translation>
    </message>
    <message>
        <source>Trang trước; đang trình chiếu tài liệu này thì chuyển luôn</source>
        <translation>Previous page; if this document is being presented, the display turns too</translation>
    </message>
    <message>
        <source>Trang sau; đang trình chiếu tài liệu này thì chuyển luôn</source>
        <translation>Next page; if this document is being presented, the display turns too</translation>
    </message>
    <message>
        <source>Trang</source>
        <translation>Page</translation>
    </message>
    <message>
        <source>Tài liệu của nội dung đang thảo luận</source>
        <translation>Documents of the item under discussion</translation>
    </message>
    <message>
        <source>Không trình chiếu tài liệu nào.</source>
        <translation>No document is being presented.</translation>
    </message>
    <message>
        <source>ĐANG TRÌNH CHIẾU: {title} – trang {page}/{pages}</source>
        <translation>PRESENTING: {title} – page {page}/{pages}</translation>
    </message>
    <message>
        <source>/ {n}</source>
        <translation>/ {n}</translation>
    </message>
    <message>
        <source>Nội dung đang thảo luận không có tài liệu</source>
        <translation>The item under discussion has no documents</translation>
    </message>
</context>
<context>
    <name>ProgressBox</name>
    <message>
        <source>Bỏ phiếu kín: màn hình không cho biết ai đã hoặc chưa bỏ phiếu.</source>
        <translation>Secret ballot: the screen does not show who has or has not voted.</translation>
    </message>
    <message>
        <source>Đang biểu quyết · {kind}</source>
        <translation>Voting · {kind}</translation>
    </message>
    <message>
        <source>Giơ tay: {p} đại biểu có mặt</source>
        <translation>Show of hands: {p} delegates present</translation>
    </message>
    <message>
        <source>Đã bỏ phiếu: {c} / {p} có mặt</source>
        <translation>Voted: {c} / {p} present</translation>
    </message>
    <message>
        <source>Thiết bị mất kết nối ({n}): {names}</source>
        <translation>Devices offline ({n}): {names}</translation>
    </message>
    <message>
        <source>Có mặt, chưa bỏ phiếu ({n}):</source>
        <translation>Present, not yet voted ({n}):</translation>
    </message>
    <message>
        <source>Thời gian</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Không giới hạn</source>
        <translation>No limit</translation>
    </message>
    <message>
        <source>Còn lại</source>
        <translation>Remaining</translation>
    </message>
</context>
<context>
    <name>PublishBatch</name>
    <message>
        <source>Tài liệu chờ đăng</source>
        <translation>Documents waiting to be published</translation>
    </message>
    <message>
        <source>Tệp</source>
        <translation>File</translation>
    </message>
    <message>
        <source>Nội dung chương trình</source>
        <translation>Agenda item</translation>
    </message>
    <message>
        <source>Tên tài liệu</source>
        <translation>Document title</translation>
    </message>
    <message>
        <source>Phân loại</source>
        <translation>Classification</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Dành cho</source>
        <translation>Intended for</translation>
    </message>
    <message>
        <source>%v/%m tệp</source>
        <translation>%v/%m files</translation>
    </message>
    <message>
        <source>Bỏ danh sách</source>
        <translation>Clear the list</translation>
    </message>
    <message>
        <source>Mỗi tệp được kiểm tra trước; tệp bị từ chối ghi rõ lý do và không được đăng. Tài liệu mật không đưa lên PhòngHọp: phát bản giấy.</source>
        <translation>Each file is checked first; a refused file shows the reason and is not published. Classified documents do not go on PhòngHọp: hand out paper copies.</translation>
    </message>
    <message>
        <source>Đang kiểm tra tệp…</source>
        <translation>Checking the files…</translation>
    </message>
    <message>
        <source>Công khai</source>
        <translation>Public</translation>
    </message>
    <message>
        <source>Lưu hành nội bộ</source>
        <translation>Internal circulation only</translation>
    </message>
    <message>
        <source>Tệp giống hệt tệp «{0}» ở trên.</source>
        <translation>Identical to the file “{0}” above.</translation>
    </message>
    <message>
        <source>Sẵn sàng: {0} trang</source>
        <translation>Ready: {0} pages</translation>
    </message>
    <message>
        <source>; bản quét không có lớp chữ</source>
        <translation>; scanned copy with no text layer</translation>
    </message>
    <message>
        <source>Xong</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Đã đăng {0}/{1} tệp.</source>
        <translation>Published {0}/{1} files.</translation>
    </message>
    <message>
        <source>{0} tệp bị từ chối: xem lý do trong danh sách.</source>
        <translation>{0} files refused: see the reasons in the list.</translation>
    </message>
    <message>
        <source>Đang kiểm tra lại với mức phân loại đã chọn…</source>
        <translation>Checking again with the chosen classification…</translation>
    </message>
    <message>
        <source>Đang mã hóa và gửi lên máy chủ…</source>
        <translation>Encrypting and sending to the server…</translation>
    </message>
    <message>
        <source>Máy chủ từ chối.</source>
        <translation>The server refused.</translation>
    </message>
    <message>
        <source>Đã đăng ({0} trang).</source>
        <translation>Published ({0} pages).</translation>
    </message>
    <message>
        <source>Dành cho {0}.</source>
        <translation>Intended for {0}.</translation>
    </message>
    <message>
        <source>Lưu ý: {0}.</source>
        <translation>Note: {0}.</translation>
    </message>
    <message>
        <source>Không đăng: {0}</source>
        <translation>Not published: {0}</translation>
    </message>
    <message>
        <source>Đăng {0} tệp</source>
        <translation>Publish {0} files</translation>
    </message>
    <message>
        <source>Đăng</source>
        <translation>Publish</translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message>
        <source>Đăng ký phát biểu</source>
        <translation>Request to speak</translation>
    </message>
    <message>
        <source>Mời người tiếp theo (F5)</source>
        <translation>Call the next speaker (F5)</translation>
    </message>
    <message>
        <source>Mời người đã chọn</source>
        <translation>Call the selected speaker</translation>
    </message>
    <message>
        <source>Xóa</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>(ưu tiên: tranh luận câu trả lời)</source>
        <translation>(priority: debating an answer)</translation>
    </message>
    <message>
        <source>Kéo thả để đổi thứ tự; nhấp đúp để mời phát biểu.</source>
        <translation>Drag and drop to change the order; double-click to give the floor.</translation>
    </message>
    <message>
        <source>{n} người chờ</source>
        <translation>{n} waiting</translation>
    </message>
    <message>
        <source>Chưa bắt đầu nội dung nào nên chưa nhận đăng ký phát biểu.</source>
        <translation>No item has been started, so requests to speak are not accepted yet.</translation>
    </message>
    <message>
        <source>Chưa có đại biểu đăng ký phát biểu về nội dung này.</source>
        <translation>No delegate has requested to speak on this item yet.</translation>
    </message>
    <message>
        <source>Chỉ chủ tọa được mời phát biểu hoặc xóa yêu cầu.</source>
        <translation>Only the chair can give the floor or remove requests.</translation>
    </message>
    <message>
        <source>Mời đại biểu đứng đầu danh sách phát biểu (phím F5)</source>
        <translation>Give the floor to the delegate at the top of the list (F5 key)</translation>
    </message>
    <message>
        <source>Mời đại biểu đang chọn phát biểu, không theo thứ tự (nhấp đúp cũng được)</source>
        <translation>Give the floor to the selected delegate, out of turn (or double-click)</translation>
    </message>
    <message>
        <source>Xóa yêu cầu đang chọn khỏi danh sách (sẽ hỏi lại trước khi xóa)</source>
        <translation>Remove the selected request from the list (asks for confirmation first)</translation>
    </message>
    <message>
        <source>Đưa yêu cầu đang chọn lên trước (hoặc kéo thả)</source>
        <translation>Move the selected request up (or drag and drop)</translation>
    </message>
    <message>
        <source>Đưa yêu cầu đang chọn xuống sau (hoặc kéo thả)</source>
        <translation>Move the selected request down (or drag and drop)</translation>
    </message>
</context>
<context>
    <name>ReadinessPanel</name>
    <message>
        <source>{0} ghế chưa đăng ký thiết bị</source>
        <translation>{0} seats with no registered device</translation>
    </message>
    <message>
        <source>{0} thiết bị chưa kết nối</source>
        <translation>{0} devices not connected</translation>
    </message>
    <message>
        <source>{0} thiết bị chưa báo tình trạng</source>
        <translation>{0} devices have not reported their status</translation>
    </message>
    <message>
        <source>{0} lượt thiếu tài liệu</source>
        <translation>{0} missing document downloads</translation>
    </message>
    <message>
        <source>{0} thiết bị lệch giờ</source>
        <translation>{0} devices with clock drift</translation>
    </message>
    <message>
        <source>Mức độ</source>
        <translation>Severity</translation>
    </message>
    <message>
        <source>Ghế</source>
        <translation>Seat</translation>
    </message>
    <message>
        <source>Việc cần xử lý</source>
        <translation>To do</translation>
    </message>
    <message>
        <source>Nháy màn hình thiết bị này</source>
        <translation>Flash this device&apos;s screen</translation>
    </message>
    <message>
        <source>Màn hình của thiết bị sáng lên với số ghế để tìm thấy nó trong hội trường</source>
        <translation>The device&apos;s screen lights up with the seat number, so it can be found in the hall</translation>
    </message>
    <message>
        <source>Chọn kỳ họp ở thẻ «Kỳ họp» để kiểm tra.</source>
        <translation>Choose a session in the “Session” tab to check it.</translation>
    </message>
    <message>
        <source>Chưa kết nối với máy chủ: tình trạng thiết bị là lần báo cuối cùng đã biết.</source>
        <translation>Not connected to the server: the device status shown is the last one known.</translation>
    </message>
    <message>
        <source>Cập nhật tự động khi thiết bị kết nối, tải tài liệu hoặc mất kết nối.</source>
        <translation>Updates by itself when devices connect, download documents or go offline.</translation>
    </message>
    <message>
        <source>Phải xử lý</source>
        <translation>Must fix</translation>
    </message>
    <message>
        <source>Cảnh báo</source>
        <translation>Warning</translation>
    </message>
    <message>
        <source>Phòng họp</source>
        <translation>Room</translation>
    </message>
    <message>
        <source>Chưa kết nối với máy chủ nên chưa nháy được màn hình.</source>
        <translation>Not connected to the server, so the screen could not be flashed.</translation>
    </message>
</context>
<context>
    <name>ReplaceDialog</name>
    <message>
        <source>Thay phiên bản mới</source>
        <translation>Replace with a new version</translation>
    </message>
    <message>
        <source>Thay «{0}» (phiên bản {1}, {2} trang) bằng tệp «{3}». Đại biểu sẽ thấy phiên bản {4} kèm ghi chú thay đổi.</source>
        <translation>Replace “{0}” (version {1}, {2} pages) with the file “{3}”. Delegates will see version {4} with the change note.</translation>
    </message>
    <message>
        <source>Ví dụ: đã cập nhật số liệu quý IV</source>
        <translation>For example: Q4 figures updated</translation>
    </message>
    <message>
        <source>Thay phiên bản</source>
        <translation>Replace version</translation>
    </message>
    <message>
        <source>Không thay</source>
        <translation>Don&apos;t replace</translation>
    </message>
    <message>
        <source>Ghi chú thay đổi:</source>
        <translation>Change note:</translation>
    </message>
    <message>
        <source>Dành cho:</source>
        <translation>Intended for:</translation>
    </message>
    <message>
        <source>Đang kiểm tra tệp…</source>
        <translation>Checking the file…</translation>
    </message>
    <message>
        <source>Đang mã hóa và gửi lên máy chủ…</source>
        <translation>Encrypting and sending to the server…</translation>
    </message>
    <message>
        <source>Máy chủ từ chối.</source>
        <translation>The server refused.</translation>
    </message>
    <message>
        <source>Đã thay «{0}» bằng phiên bản {1}.</source>
        <translation>Replaced “{0}” with version {1}.</translation>
    </message>
    <message>
        <source>Từ phiên bản này, tài liệu dành cho: {0}.</source>
        <translation>From this version on, the document is intended for: {0}.</translation>
    </message>
    <message>
        <source>Lưu ý: {0}.</source>
        <translation>Note: {0}.</translation>
    </message>
    <message>
        <source>Không thay được: {0}</source>
        <translation>Could not replace: {0}</translation>
    </message>
</context>
<context>
    <name>ResultBox</name>
    <message>
        <source>Mã biên nhận đã công bố: {n}. Mỗi đại biểu tự đối chiếu mã trên máy của mình; không mã nào gắn với một lựa chọn.</source>
        <translation>Receipt codes published: {n}. Each delegate checks the code on their own device; no code is linked to a choice.</translation>
    </message>
    <message>
        <source> (hết thời gian)</source>
        <translation> (time ran out)</translation>
    </message>
    <message>
        <source> (thư ký ghi kết quả giơ tay)</source>
        <translation> (the secretary recorded the show of hands)</translation>
    </message>
    <message>
        <source>Đã kết thúc lúc {at}{how} · {kind}</source>
        <translation>Closed at {at}{how} · {kind}</translation>
    </message>
    <message>
        <source>Kết quả kiểm chứng được: mọi phiếu mã hóa và bằng chứng đều công khai</source>
        <translation>A verifiable result: every encrypted ballot and every proof is public</translation>
    </message>
    <message>
        <source>Mã theo dõi phiếu trên bảng công khai: {n}. Mỗi đại biểu tự đối chiếu mã trên máy của mình; không mã nào cho biết lựa chọn.</source>
        <translation>Tracking codes on the public board: {n}. Each delegate checks their own code on their device; no code reveals a choice.</translation>
    </message>
    <message>
        <source>Ban kiểm phiếu cùng giải mã kết quả: {names}.</source>
        <translation>Result decrypted together by the counting committee: {names}.</translation>
    </message>
    <message>
        <source>Tổng số đại biểu HĐND</source>
        <translation>Total People&apos;s Council delegates</translation>
    </message>
    <message>
        <source>Số đại biểu có mặt</source>
        <translation>Delegates present</translation>
    </message>
    <message>
        <source>Số đại biểu tham gia biểu quyết</source>
        <translation>Delegates taking part in the vote</translation>
    </message>
    <message>
        <source>Kết quả của từng đại biểu</source>
        <translation>How each delegate voted</translation>
    </message>
    <message>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Lựa chọn</source>
        <translation>Choice</translation>
    </message>
    <message>
        <source>Số chức danh cần bầu</source>
        <translation>Posts to fill</translation>
    </message>
    <message>
        <source>Số phiếu phát ra</source>
        <translation>Ballots issued</translation>
    </message>
    <message>
        <source>Số phiếu thu về</source>
        <translation>Ballots collected</translation>
    </message>
    <message>
        <source>Số phiếu hợp lệ</source>
        <translation>Valid ballots</translation>
    </message>
    <message>
        <source>Số phiếu không hợp lệ</source>
        <translation>Invalid ballots</translation>
    </message>
    <message>
        <source>Không ai phải xin từ chức hoặc bị trình miễn nhiệm, bãi nhiệm</source>
        <translation>Nobody has to consider resigning or be proposed for dismissal</translation>
    </message>
    <message>
        <source>Hệ quả: {what}</source>
        <translation>Consequence: {what}</translation>
    </message>
    <message>
        <source>Tỷ lệ tính trên số phiếu thu về (B = {b}).</source>
        <translation>Percentages of ballots collected (B = {b}).</translation>
    </message>
    <message>
        <source>Trúng cử: {names}</source>
        <translation>Elected: {names}</translation>
    </message>
    <message>
        <source>Bằng phiếu, bầu lại: {names}</source>
        <translation>Tied, new round: {names}</translation>
    </message>
    <message>
        <source>Không ai trúng cử: chưa ai được quá nửa tổng số đại biểu bầu</source>
        <translation>Nobody elected: no one received the votes of more than half of all delegates</translation>
    </message>
    <message>
        <source>Số phiếu bầu</source>
        <translation>Votes</translation>
    </message>
    <message>
        <source>Không trúng cử</source>
        <translation>Not elected</translation>
    </message>
    <message>
        <source>(tỷ lệ trên N = {n})</source>
        <translation>(percentages of N = {n})</translation>
    </message>
</context>
<context>
    <name>ResultPage</name>
    <message>
        <source>{header} · Kết quả</source>
        <translation>{header} · Result</translation>
    </message>
    <message>
        <source>STT</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>Họ và tên, chức vụ</source>
        <translation>Full name, position</translation>
    </message>
    <message>
        <source>Tỷ lệ trên tổng số đại biểu</source>
        <translation>Share of all delegates</translation>
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
        <source>Tìm trong tài liệu</source>
        <translation>Search the documents</translation>
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
    <name>SeatDetails</name>
    <message>
        <source>Ghi vắng mặt…</source>
        <translation>Record absence…</translation>
    </message>
    <message>
        <source>Gửi tin nhắn…</source>
        <translation>Send a message…</translation>
    </message>
    <message>
        <source>Chọn một ghế trên sơ đồ để xem đại biểu.</source>
        <translation>Choose a seat on the plan to see its delegate.</translation>
    </message>
    <message>
        <source>Ghế {seat} · {zone}</source>
        <translation>Seat {seat} · {zone}</translation>
    </message>
    <message>
        <source>Ghế trống</source>
        <translation>Empty seat</translation>
    </message>
    <message>
        <source>▶ Đang phát biểu ({kind})</source>
        <translation>▶ Speaking ({kind})</translation>
    </message>
    <message>
        <source>Xin {kind}: thứ {position} trong danh sách</source>
        <translation>Requested ({kind}): number {position} in the list</translation>
    </message>
    <message>
        <source>Đã phát biểu {n} lượt ở nội dung này</source>
        <translation>Has spoken {n} times on this item</translation>
    </message>
    <message>
        <source>Không có yêu cầu phát biểu.</source>
        <translation>No request to speak.</translation>
    </message>
    <message>
        <source>Mời phát biểu: {kind}</source>
        <translation>Give the floor: {kind}</translation>
    </message>
    <message>
        <source>Chỉ chủ tọa được mời đại biểu phát biểu.</source>
        <translation>Only the chair can give the floor to a delegate.</translation>
    </message>
    <message>
        <source>{name} đang phát biểu: hãy kết thúc lượt đó trước.</source>
        <translation>{name} is speaking: end that turn first.</translation>
    </message>
    <message>
        <source>Máy chủ từ chối thao tác.</source>
        <translation>The server refused the action.</translation>
    </message>
</context>
<context>
    <name>SeatMap</name>
    <message>
        <source>Phát biểu</source>
        <translation>Speech</translation>
    </message>
    <message>
        <source>Tranh luận</source>
        <translation>Debate</translation>
    </message>
    <message>
        <source>Chất vấn</source>
        <translation>Question</translation>
    </message>
    <message>
        <source>Ý kiến về trình tự, thủ tục</source>
        <translation>Point of order</translation>
    </message>
    <message>
        <source>Chủ tọa kỳ họp</source>
        <translation>Presidium</translation>
    </message>
    <message>
        <source>Hội trường</source>
        <translation>Hall</translation>
    </message>
    <message>
        <source>Vắng / chưa điểm danh</source>
        <translation>Absent / not checked in</translation>
    </message>
    <message>
        <source>Có mặt</source>
        <translation>Present</translation>
    </message>
    <message>
        <source>Xin phát biểu (số thứ tự)</source>
        <translation>Requested to speak (place in queue)</translation>
    </message>
    <message>
        <source>Đang phát biểu</source>
        <translation>Speaking</translation>
    </message>
    <message>
        <source>Thiết bị mất kết nối (viền đỏ)</source>
        <translation>Device offline (red border)</translation>
    </message>
    <message>
        <source>Kết nối của thiết bị: chưa có dữ liệu</source>
        <translation>Device connections: no data yet</translation>
    </message>
</context>
<context>
    <name>SeatPlanPanel</name>
    <message>
        <source>Vẽ hội trường…</source>
        <translation>Draw the hall…</translation>
    </message>
    <message>
        <source>Xếp tổ vào khối…</source>
        <translation>Assign groups to blocks…</translation>
    </message>
    <message>
        <source>In sơ đồ…</source>
        <translation>Print the plan…</translation>
    </message>
    <message>
        <source>Vẫn vẽ lại</source>
        <translation>Redraw anyway</translation>
    </message>
    <message>
        <source>Kéo tên đại biểu vào ghế. Kéo ghế sang ghế khác để đổi chỗ, kéo về đây để bỏ xếp.</source>
        <translation>Drag a delegate&apos;s name onto a seat. Drag one seat onto another to swap them; drag it back here to free the seat.</translation>
    </message>
    <message>
        <source>Đại biểu chưa có ghế: {0}/{1}</source>
        <translation>Delegates without a seat: {0}/{1}</translation>
    </message>
    <message>
        <source>Đã xếp ghế {0}.</source>
        <translation>Seat {0} assigned.</translation>
    </message>
    <message>
        <source>Đã đổi chỗ ghế {0} và {1}.</source>
        <translation>Seats {0} and {1} swapped.</translation>
    </message>
    <message>
        <source>Đã bỏ xếp ghế {0}.</source>
        <translation>Seat {0} freed.</translation>
    </message>
    <message>
        <source>Đã vẽ hội trường: {0} ghế.</source>
        <translation>Hall drawn: {0} seats.</translation>
    </message>
    <message>
        <source>Đã xếp chỗ ngồi theo tổ.</source>
        <translation>Seats assigned by group.</translation>
    </message>
    <message>
        <source>Đang gửi thay đổi trước, vui lòng chờ.</source>
        <translation>Sending the earlier changes first, please wait.</translation>
    </message>
    <message>
        <source>Không có gì cần thay đổi.</source>
        <translation>Nothing needs to change.</translation>
    </message>
    <message>
        <source>không rõ lý do</source>
        <translation>reason unknown</translation>
    </message>
    <message>
        <source>Máy chủ từ chối: {0}</source>
        <translation>The server refused: {0}</translation>
    </message>
    <message>
        <source>Lưu sơ đồ chỗ ngồi</source>
        <translation>Save the seating plan</translation>
    </message>
    <message>
        <source>Tệp PDF (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>Không ghi được tệp {0}: {1}</source>
        <translation>The file {0} could not be written: {1}</translation>
    </message>
    <message>
        <source>Đã lưu sơ đồ chỗ ngồi ({0} ghế, khổ {1} ngang) vào {2}.</source>
        <translation>Saved the seating plan ({0} seats, {1} landscape) to {2}.</translation>
    </message>
</context>
<context>
    <name>SeatSpeaking</name>
    <message>
        <source>Phát biểu</source>
        <translation>Speech</translation>
    </message>
    <message>
        <source>Tranh luận</source>
        <translation>Debate</translation>
    </message>
    <message>
        <source>Chất vấn</source>
        <translation>Question</translation>
    </message>
    <message>
        <source>Ý kiến về trình tự, thủ tục</source>
        <translation>Point of order</translation>
    </message>
    <message>
        <source>Nêu ý kiến về nội dung đang thảo luận (tối đa 2 lần)</source>
        <translation>Give your views on the item under discussion (at most twice)</translation>
    </message>
    <message>
        <source>Đối đáp lại ý kiến của đại biểu khác</source>
        <translation>Respond to another delegate&apos;s views</translation>
    </message>
    <message>
        <source>Hỏi người có trách nhiệm trả lời về nội dung này</source>
        <translation>Ask the person responsible to answer on this item</translation>
    </message>
    <message>
        <source>Về trình tự, thủ tục phiên họp; được mời trước</source>
        <translation>On the order and procedure of the sitting; given the floor first</translation>
    </message>
</context>
<context>
    <name>SeatSpeakingModel</name>
    <message>
        <source>Thiết bị này không gắn với đại biểu nào</source>
        <translation>This device is not linked to any delegate</translation>
    </message>
    <message>
        <source>Chưa mở nội dung nào để đăng ký</source>
        <translation>No item is open for requests yet</translation>
    </message>
    <message>
        <source>Chưa gửi được yêu cầu, vui lòng thử lại.</source>
        <translation>The request could not be sent yet; please try again.</translation>
    </message>
    <message>
        <source>Nội dung đã chuyển: đăng ký {kind} của bạn không còn hiệu lực.</source>
        <translation>The item has changed: your {kind} request has lapsed.</translation>
    </message>
    <message>
        <source>Chủ tọa đã rút đăng ký {kind} của bạn.</source>
        <translation>The chair has withdrawn your {kind} request.</translation>
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
        <source>Kỳ họp đã kết thúc. Tài liệu đã được xóa khỏi máy này.</source>
        <translation>The session has ended. The documents have been removed from this device.</translation>
    </message>
    <message>
        <source>Tài liệu đã bị khóa vì máy mất kết nối quá {0} giờ. Hãy kết nối lại với phòng họp để tải lại.</source>
        <translation>The documents have been locked because this device has been offline for more than {0} hours. Reconnect to the meeting room to download them again.</translation>
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
    <name>SeatVoteModel</name>
    <message>
        <source>Không chọn người nào</source>
        <translation>Nobody chosen</translation>
    </message>
    <message>
        <source>Đồng ý bầu</source>
        <translation>Vote for</translation>
    </message>
    <message>
        <source>Mã máy chủ gửi về ({server}) khác mã thiết bị tính được ({mine}). Xin báo ngay Ban kiểm phiếu.</source>
        <translation>The code sent back by the server ({server}) differs from the code this device computed ({mine}). Please tell the Counting committee at once.</translation>
    </message>
    <message>
        <source>Số phiếu phát ra: {issued} · Số phiếu thu về: {collected}</source>
        <translation>Ballots issued: {issued} · Ballots collected: {collected}</translation>
    </message>
    <message>
        <source>Tổng số đại biểu HĐND: {n} · Số phiếu thu về: {collected} · hợp lệ: {valid} · không hợp lệ: {invalid}</source>
        <translation>Total People&apos;s Council delegates: {n} · Ballots collected: {collected} · valid: {valid} · invalid: {invalid}</translation>
    </message>
    <message>
        <source>Tổng số đại biểu HĐND: {n} · Số đại biểu có mặt: {present} · Số đại biểu tham gia biểu quyết: {participated}</source>
        <translation>Total People&apos;s Council delegates: {n} · Delegates present: {present} · Delegates taking part in the vote: {participated}</translation>
    </message>
    <message>
        <source>Số phiếu</source>
        <translation>Votes</translation>
    </message>
    <message>
        <source>Tỷ lệ</source>
        <translation>Share</translation>
    </message>
    <message>
        <source>Số đại biểu</source>
        <translation>Delegates</translation>
    </message>
    <message>
        <source>Chưa gửi được phiếu, xin bấm lại.</source>
        <translation>The ballot could not be sent yet; please press again.</translation>
    </message>
    <message>
        <source>Biểu quyết đã kết thúc trước khi phiếu của bạn đến máy chủ; phiếu không được ghi nhận.</source>
        <translation>The vote closed before your ballot reached the server; the ballot was not recorded.</translation>
    </message>
    <message>
        <source>Bạn chưa điểm danh nên phiếu chưa được ghi nhận. Xin bấm «Điểm danh» rồi biểu quyết lại.</source>
        <translation>You have not checked in, so your ballot was not recorded. Please press «Check in», then vote again.</translation>
    </message>
    <message>
        <source>Bạn đã biểu quyết nội dung này trước đó. Phiếu trước vẫn được tính; lần bấm vừa rồi không được ghi nhận.</source>
        <translation>You have already voted on this item. Your earlier ballot still counts; the press just now was not recorded.</translation>
    </message>
    <message>
        <source>Máy chủ không nhận chữ ký của thiết bị này; phiếu không được ghi nhận. Xin báo kỹ thuật viên.</source>
        <translation>The server did not accept this device&apos;s signature; the ballot was not recorded. Please tell a technician.</translation>
    </message>
    <message>
        <source>Máy chủ không nhận phiếu này.</source>
        <translation>The server did not accept this ballot.</translation>
    </message>
    <message>
        <source>Chỉ được bầu tối đa {0} người. Xin bỏ bớt tên rồi gửi phiếu.</source>
        <translation>You may elect at most {0} people. Please remove some names, then send the ballot.</translation>
    </message>
    <message>
        <source>Phiếu này không hợp lệ nên chưa được gửi: {0}</source>
        <translation>This ballot is not valid, so it has not been sent: {0}</translation>
    </message>
</context>
<context>
    <name>SeatVotePanel</name>
    <message>
        <source>Xin bấm một trong ba nút (hoặc phím 1, 2, 3). Sau đó bạn sẽ được hỏi lại để xác nhận.</source>
        <translation>Please press one of the three buttons (or the keys 1, 2, 3). You will then be asked to confirm.</translation>
    </message>
    <message>
        <source>Giữ lựa chọn đã ghi nhận</source>
        <translation>Keep the recorded choice</translation>
    </message>
    <message>
        <source>Xem lại và gửi phiếu</source>
        <translation>Review and send the ballot</translation>
    </message>
    <message>
        <source>Xác nhận</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <source>Chọn lại</source>
        <translation>Choose again</translation>
    </message>
    <message>
        <source>Đổi lựa chọn</source>
        <translation>Change my choice</translation>
    </message>
    <message>
        <source>Bỏ phiếu lại</source>
        <translation>Vote again</translation>
    </message>
    <message>
        <source>Bạn chưa điểm danh nên chưa thể biểu quyết.
Xin bấm nút «Điểm danh» dưới đây.</source>
        <translation>You have not checked in, so you cannot vote yet.
Please press the «Check in» button below.</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Đóng – về tài liệu</source>
        <translation>Close – back to the document</translation>
    </message>
    <message>
        <source>{kind} – ĐÃ KẾT THÚC</source>
        <translation>{kind} – CLOSED</translation>
    </message>
    <message>
        <source>{kind} – ĐÃ HỦY</source>
        <translation>{kind} – CANCELLED</translation>
    </message>
    <message>
        <source>{kind} – ĐANG KIỂM PHIẾU</source>
        <translation>{kind} – COUNTING</translation>
    </message>
    <message>
        <source>Giữ lựa chọn đã ghi nhận: {choice}</source>
        <translation>Keep the recorded choice: {choice}</translation>
    </message>
    <message>
        <source>Bỏ phiếu kín: phiếu được mã hóa ngay trên máy này; chỉ Ban kiểm phiếu cùng nhau mới giải mã được tổng số phiếu, không ai mở được từng phiếu.</source>
        <translation>Secret ballot: your ballot is encrypted on this device; only the counting committee together can decrypt the total, and nobody can open a single ballot.</translation>
    </message>
    <message>
        <source>Bỏ phiếu kín: không ai biết bạn chọn gì.</source>
        <translation>Secret ballot: nobody knows what you choose.</translation>
    </message>
    <message>
        <source>Biểu quyết công khai: lựa chọn của từng đại biểu được công bố.</source>
        <translation>Open vote: each delegate&apos;s choice is made public.</translation>
    </message>
    <message>
        <source>Hết giờ</source>
        <translation>Time&apos;s up</translation>
    </message>
    <message>
        <source>Còn {t}</source>
        <translation>{t} left</translation>
    </message>
    <message>
        <source>Mỗi người chọn một mức. Bấm lại mức đã chọn để bỏ.</source>
        <translation>Choose one level for each person. Press a chosen level again to clear it.</translation>
    </message>
    <message>
        <source>Còn {n} người chưa đánh giá</source>
        <translation>{n} people not yet rated</translation>
    </message>
    <message>
        <source>Đã đánh giá đủ {n} người</source>
        <translation>All {n} people rated</translation>
    </message>
    <message>
        <source>Chọn tối đa {k} người</source>
        <translation>Choose at most {k} people</translation>
    </message>
    <message>
        <source>Đã chọn {n}/{k} người</source>
        <translation>{n}/{k} people chosen</translation>
    </message>
    <message>
        <source>Bạn đã chọn đủ {k} người. Muốn chọn người khác, xin bỏ chọn một người trước.</source>
        <translation>You have already chosen {k} people. To choose someone else, please unselect one first.</translation>
    </message>
    <message>
        <source>Bạn chọn:</source>
        <translation>Your choice:</translation>
    </message>
    <message>
        <source>Phiếu của bạn:</source>
        <translation>Your ballot:</translation>
    </message>
    <message>
        <source>Bấm «Xác nhận» để gửi phiếu. Muốn sửa, bấm «Chọn lại».</source>
        <translation>Press «Confirm» to send your ballot. To change it, press «Choose again».</translation>
    </message>
    <message>
        <source>Đang kiểm phiếu: Ban kiểm phiếu đang giải mã kết quả…</source>
        <translation>Counting: the counting committee is decrypting the result…</translation>
    </message>
    <message>
        <source>Kết quả sẽ hiện ở đây ngay khi Ban kiểm phiếu giải mã xong.</source>
        <translation>The result will appear here as soon as the counting committee has decrypted it.</translation>
    </message>
    <message>
        <source>Đang mã hóa phiếu…</source>
        <translation>Encrypting the ballot…</translation>
    </message>
    <message>
        <source>Đang gửi phiếu…</source>
        <translation>Sending the ballot…</translation>
    </message>
    <message>
        <source>Chưa gửi – sẽ tự gửi khi có mạng</source>
        <translation>Not sent yet – it will be sent by itself when the network is back</translation>
    </message>
    <message>
        <source>Bạn chọn: {choice}</source>
        <translation>Your choice: {choice}</translation>
    </message>
    <message>
        <source>Phiếu đã ký và lưu trên máy; xin đừng tắt máy.</source>
        <translation>The ballot is signed and saved on this device; please do not switch it off.</translation>
    </message>
    <message>
        <source>✓ Đã ghi nhận: {choice}</source>
        <translation>✓ Recorded: {choice}</translation>
    </message>
    <message>
        <source>✓ Phiếu của bạn đã được ghi nhận</source>
        <translation>✓ Your ballot has been recorded</translation>
    </message>
    <message>
        <source>Bạn có thể đổi lựa chọn cho đến khi biểu quyết kết thúc.</source>
        <translation>You can change your choice until the vote closes.</translation>
    </message>
    <message>
        <source>Phiếu đã ghi nhận không thay đổi được. Xin chờ chủ tọa công bố kết quả.</source>
        <translation>A recorded ballot cannot be changed. Please wait for the chair to announce the result.</translation>
    </message>
    <message>
        <source>✓ Mã này có trong danh sách mã biên nhận đã kiểm.</source>
        <translation>✓ This code is in the list of counted receipt codes.</translation>
    </message>
    <message>
        <source>Mã này KHÔNG có trong danh sách mã biên nhận đã công bố. Xin báo Ban kiểm phiếu.</source>
        <translation>This code is NOT in the published list of receipt codes. Please tell the Counting committee.</translation>
    </message>
    <message>
        <source>Ghi lại mã này để đối chiếu với danh sách mã biên nhận công bố sau khi kiểm phiếu.</source>
        <translation>Write down this code to check it against the list of receipt codes published after the count.</translation>
    </message>
    <message>
        <source>Mã biên nhận:</source>
        <translation>Receipt code:</translation>
    </message>
    <message>
        <source>Mã biên nhận: {code}</source>
        <translation>Receipt code: {code}</translation>
    </message>
    <message>
        <source>Đã có trên bảng công khai ✓</source>
        <translation>On the public board ✓</translation>
    </message>
    <message>
        <source>Đang chờ phiếu hiện trên bảng công khai…</source>
        <translation>Waiting for the ballot to appear on the public board…</translation>
    </message>
    <message>
        <source>Mã theo dõi phiếu của bạn:</source>
        <translation>Your ballot tracking code:</translation>
    </message>
    <message>
        <source>Ghi lại mã này: bạn có thể tự đối chiếu phiếu của mình trên bảng công khai sau kỳ họp; không ai biết phiếu mang mã này chọn gì.</source>
        <translation>Note this code: you can check your ballot on the public board after the session; nobody can tell what a ballot with this code chose.</translation>
    </message>
    <message>
        <source>Mã theo dõi phiếu: {code}</source>
        <translation>Ballot tracking code: {code}</translation>
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
        <source>Biểu quyết giơ tay: xin giơ tay theo hướng dẫn của chủ tọa.</source>
        <translation>Show of hands: please raise your hand as the chair directs.</translation>
    </message>
    <message>
        <source>không nêu lý do</source>
        <translation>no reason given</translation>
    </message>
    <message>
        <source>Cuộc biểu quyết đã bị hủy: {reason}</source>
        <translation>The vote has been cancelled: {reason}</translation>
    </message>
    <message>
        <source>Phiếu đã bỏ (nếu có) không được tính. Bấm «Đóng» để trở về tài liệu.</source>
        <translation>Ballots already cast (if any) are not counted. Press «Close» to go back to the document.</translation>
    </message>
    <message>
        <source>Kết quả</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>Phiếu của bạn chưa đến máy chủ trước khi biểu quyết kết thúc.</source>
        <translation>Your ballot did not reach the server before the vote closed.</translation>
    </message>
    <message>
        <source>Bạn không biểu quyết nội dung này.</source>
        <translation>You did not vote on this item.</translation>
    </message>
    <message>
        <source>Lựa chọn của bạn đã được tính: &lt;b&gt;{choice}&lt;/b&gt;</source>
        <translation>Your choice was counted: &lt;b&gt;{choice}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>✓ có trên bảng công khai và đã được tính vào tổng</source>
        <translation>✓ on the public board and counted in the total</translation>
    </message>
    <message>
        <source>KHÔNG có trên bảng công khai. Xin báo Ban kiểm phiếu.</source>
        <translation>NOT on the public board. Please tell the counting committee.</translation>
    </message>
    <message>
        <source>Mã theo dõi phiếu của bạn: &lt;b style=&apos;font-size: 22pt&apos;&gt;{code}&lt;/b&gt; – {check}</source>
        <translation>Your ballot tracking code: &lt;b style=&apos;font-size: 22pt&apos;&gt;{code}&lt;/b&gt; – {check}</translation>
    </message>
    <message>
        <source>✓ có trong danh sách mã biên nhận đã kiểm</source>
        <translation>✓ in the list of counted receipt codes</translation>
    </message>
    <message>
        <source>KHÔNG có trong danh sách mã biên nhận đã kiểm. Xin báo Ban kiểm phiếu.</source>
        <translation>NOT in the list of counted receipt codes. Please tell the Counting committee.</translation>
    </message>
    <message>
        <source>Mã biên nhận của bạn: &lt;b style=&apos;font-size: 22pt&apos;&gt;{code}&lt;/b&gt; – {check}</source>
        <translation>Your receipt code: &lt;b style=&apos;font-size: 22pt&apos;&gt;{code}&lt;/b&gt; – {check}</translation>
    </message>
</context>
<context>
    <name>SeatWindow</name>
    <message>
        <source>PhòngHọp – Đại biểu</source>
        <translation>PhòngHọp – Delegate</translation>
    </message>
    <message>
        <source>Báo có mặt tại kỳ họp</source>
        <translation>Report your attendance at the session</translation>
    </message>
    <message>
        <source>Cài đặt</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Ngôn ngữ, cỡ chữ, tương phản cao, âm báo (phím tắt Ctrl+dấu phẩy)</source>
        <translation>Language, text size, high contrast, sound (shortcut Ctrl+comma)</translation>
    </message>
    <message>
        <source>Ngôn ngữ, cỡ chữ, tương phản cao, âm báo (Ctrl+,)</source>
        <translation>Language, text size, high contrast, sound (Ctrl+,)</translation>
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
        <source>Thiết bị này đã bị thu hồi: tài liệu của kỳ họp đã được xóa khỏi máy.</source>
        <translation>This device has been revoked: the session&apos;s documents have been removed from it.</translation>
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
        <source>Đã kết nối lại với phòng họp. Tài liệu đang được tải về máy; hãy chọn tài liệu để đọc.</source>
        <translation>Reconnected to the meeting room. The documents are downloading to this device; choose a document to read.</translation>
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
    <message>
        <source>⚙ Cài đặt</source>
        <translation>⚙ Settings</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Cài đặt</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Cài đặt của máy tại ghế</source>
        <translation>Settings of this seat</translation>
    </message>
    <message>
        <source>Ngôn ngữ</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Cỡ chữ</source>
        <translation>Text size</translation>
    </message>
    <message>
        <source>Từ 100 % (bình thường) đến 200 % (gấp đôi)</source>
        <translation>From 100 % (normal) to 200 % (double)</translation>
    </message>
    <message>
        <source>Tương phản cao</source>
        <translation>High contrast</translation>
    </message>
    <message>
        <source>Chữ đen trên nền trắng, khung vàng khi chọn.</source>
        <translation>Black text on white, a yellow frame on the chosen control.</translation>
    </message>
    <message>
        <source>Âm báo khi phiếu được ghi nhận</source>
        <translation>Sound when the ballot is recorded</translation>
    </message>
    <message>
        <source>Âm báo</source>
        <translation>Sound</translation>
    </message>
    <message>
        <source>Phát âm báo khi phiếu biểu quyết đã được ghi nhận.</source>
        <translation>Play a tone when the room has recorded the ballot.</translation>
    </message>
    <message>
        <source>Màn hình sẽ được dựng lại ngay khi bấm «Lưu»; tài liệu đang đọc và phiếu đang bỏ vẫn giữ nguyên.</source>
        <translation>The screen is rebuilt as soon as you press “Save”; the document you are reading and the ballot you are casting stay as they are.</translation>
    </message>
    <message>
        <source>Ngôn ngữ:</source>
        <translation>Language:</translation>
    </message>
    <message>
        <source>Cỡ chữ:</source>
        <translation>Text size:</translation>
    </message>
    <message>
        <source>Lưu</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Lưu cài đặt và áp dụng ngay</source>
        <translation>Save the settings and apply them now</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Đóng mà không thay đổi gì</source>
        <translation>Close without changing anything</translation>
    </message>
</context>
<context>
    <name>SpeakButton</name>
    <message>
        <source>Mở danh sách hình thức đăng ký phát biểu</source>
        <translation>Open the list of ways to ask for the floor</translation>
    </message>
    <message>
        <source>Chọn hình thức đăng ký</source>
        <translation>Choose the kind of request</translation>
    </message>
    <message>
        <source>Đăng ký phát biểu</source>
        <translation>Request to speak</translation>
    </message>
    <message>
        <source>Đang chờ gửi</source>
        <translation>Waiting to send</translation>
    </message>
    <message>
        <source>Đang rút đăng ký…</source>
        <translation>Withdrawing the request…</translation>
    </message>
    <message>
        <source>Đã đăng ký – thứ tự {n}</source>
        <translation>Requested – number {n}</translation>
    </message>
    <message>
        <source>Đang phát biểu</source>
        <translation>Speaking</translation>
    </message>
    <message>
        <source>Quá giờ {t}</source>
        <translation>Over time {t}</translation>
    </message>
    <message>
        <source>Còn {t}</source>
        <translation>{t} left</translation>
    </message>
    <message>
        <source>Đang phát biểu – còn {t}</source>
        <translation>Speaking – {t} left</translation>
    </message>
    <message>
        <source>Phát biểu, tranh luận, chất vấn…</source>
        <translation>Speech, debate, question…</translation>
    </message>
</context>
<context>
    <name>SpeakDialog</name>
    <message>
        <source>Đăng ký phát biểu</source>
        <translation>Request to speak</translation>
    </message>
    <message>
        <source>Rút đăng ký</source>
        <translation>Withdraw the request</translation>
    </message>
    <message>
        <source>Rút đăng ký {kind}</source>
        <translation>Withdraw the request: {kind}</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Nội dung đang thảo luận: «{title}»</source>
        <translation>Item under discussion: «{title}»</translation>
    </message>
    <message>
        <source>Đang chờ gửi – sẽ gửi ngay khi có kết nối</source>
        <translation>Waiting to send – it will be sent as soon as there is a connection</translation>
    </message>
    <message>
        <source>Đang rút đăng ký…</source>
        <translation>Withdrawing the request…</translation>
    </message>
    <message>
        <source>Đã đăng ký – thứ tự {n}</source>
        <translation>Requested – number {n}</translation>
    </message>
    <message>
        <source>Bạn đang phát biểu</source>
        <translation>You have the floor</translation>
    </message>
    <message>
        <source>Rút đăng ký {kind} (thứ tự {n})? Bạn sẽ mất thứ tự này trong danh sách.</source>
        <translation>Withdraw your {kind} request (number {n})? You will lose this place in the list.</translation>
    </message>
    <message>
        <source>Không rút</source>
        <translation>Don&apos;t withdraw</translation>
    </message>
</context>
<context>
    <name>SpeakerTimer</name>
    <message>
        <source>Phát biểu</source>
        <translation>Speech</translation>
    </message>
    <message>
        <source>Tranh luận</source>
        <translation>Debate</translation>
    </message>
    <message>
        <source>Chất vấn</source>
        <translation>Question</translation>
    </message>
    <message>
        <source>Ý kiến về trình tự, thủ tục</source>
        <translation>Point of order</translation>
    </message>
    <message>
        <source>{m} phút {s} giây</source>
        <translation>{m} min {s} sec</translation>
    </message>
    <message>
        <source>{m} phút</source>
        <translation>{m} min</translation>
    </message>
    <message>
        <source>{s} giây</source>
        <translation>{s} sec</translation>
    </message>
    <message>
        <source>ĐANG PHÁT BIỂU</source>
        <translation>SPEAKING</translation>
    </message>
    <message>
        <source>+1 phút</source>
        <translation>+1 min</translation>
    </message>
    <message>
        <source>+3 phút</source>
        <translation>+3 min</translation>
    </message>
    <message>
        <source>Kết thúc (F6)</source>
        <translation>End (F6)</translation>
    </message>
    <message>
        <source>Chỉ chủ tọa được kết thúc hoặc kéo dài lượt phát biểu.</source>
        <translation>Only the chair can end or extend a speaking turn.</translation>
    </message>
    <message>
        <source>Kết thúc lượt phát biểu hiện tại (phím F6)</source>
        <translation>End the current speaking turn (F6 key)</translation>
    </message>
    <message>
        <source>Cho đại biểu thêm 1 phút</source>
        <translation>Give the delegate 1 more minute</translation>
    </message>
    <message>
        <source>Cho đại biểu thêm 3 phút</source>
        <translation>Give the delegate 3 more minutes</translation>
    </message>
    <message>
        <source>Chưa có đại biểu phát biểu</source>
        <translation>No delegate is speaking</translation>
    </message>
    <message>
        <source>Chọn một đại biểu trong danh sách chờ rồi bấm «Mời phát biểu».</source>
        <translation>Choose a delegate in the queue, then press «Give the floor».</translation>
    </message>
    <message>
        <source>(đã thêm {t})</source>
        <translation>({t} added)</translation>
    </message>
    <message>
        <source>Thời gian: {limit}</source>
        <translation>Time: {limit}</translation>
    </message>
    <message>
        <source>Còn 30 giây</source>
        <translation>30 seconds left</translation>
    </message>
    <message>
        <source>Quá giờ</source>
        <translation>Over time</translation>
    </message>
</context>
<context>
    <name>StatsPanel</name>
    <message>
        <source>Nội dung đang thảo luận</source>
        <translation>Item under discussion</translation>
    </message>
    <message>
        <source>Cả phiên họp</source>
        <translation>Whole sitting</translation>
    </message>
    <message>
        <source>Đại biểu</source>
        <translation>Delegate</translation>
    </message>
    <message>
        <source>Tổ</source>
        <translation>Group</translation>
    </message>
    <message>
        <source>Số lượt</source>
        <translation>Turns</translation>
    </message>
    <message>
        <source>Tổng thời gian</source>
        <translation>Total time</translation>
    </message>
    <message>
        <source>Chưa có lượt phát biểu nào.</source>
        <translation>No speeches yet.</translation>
    </message>
    <message>
        <source>Lưu biên bản kỳ họp (PDF)</source>
        <translation>Save the minutes (PDF)</translation>
    </message>
    <message>
        <source>Biên bản lập từ nhật ký kỳ họp: điểm danh, các nội dung với thời gian, người phát biểu, mọi cuộc biểu quyết và kết quả.</source>
        <translation>Minutes written from the session&apos;s log: attendance, the items with their times, the speakers, every vote and its result.</translation>
    </message>
    <message>
        <source>Lưu biên bản kỳ họp</source>
        <translation>Save the minutes</translation>
    </message>
    <message>
        <source>Tệp PDF (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>Đang lập biên bản…</source>
        <translation>Writing the minutes…</translation>
    </message>
    <message>
        <source>Không lưu được tệp {path}: {why}</source>
        <translation>Could not save {path}: {why}</translation>
    </message>
    <message>
        <source>Đã lưu: {path}</source>
        <translation>Saved: {path}</translation>
    </message>
</context>
<context>
    <name>SummaryBox</name>
    <message>
        <source>Kiểm tra trước khi mở biểu quyết</source>
        <translation>Check before opening the vote</translation>
    </message>
    <message>
        <source>Hình thức:</source>
        <translation>Form:</translation>
    </message>
    <message>
        <source>Cách tính:</source>
        <translation>Rule:</translation>
    </message>
    <message>
        <source>Tổng số:</source>
        <translation>Total:</translation>
    </message>
    <message>
        <source>Có mặt:</source>
        <translation>Present:</translation>
    </message>
    <message>
        <source>Thời gian:</source>
        <translation>Time:</translation>
    </message>
    <message>
        <source>Sửa phiếu:</source>
        <translation>Changing a vote:</translation>
    </message>
    <message>
        <source>Ban kiểm phiếu:</source>
        <translation>Counting committee:</translation>
    </message>
    <message>
        <source>Nội dung:</source>
        <translation>Item:</translation>
    </message>
    <message>
        <source>{p}/{n} đại biểu</source>
        <translation>{p}/{n} delegates</translation>
    </message>
    <message>
        <source>Không tính giờ: thư ký đếm và ghi kết quả</source>
        <translation>Not timed: the secretary counts and records the result</translation>
    </message>
    <message>
        <source>Cho phép sửa phiếu đến khi kết thúc</source>
        <translation>Votes may be changed until the vote closes</translation>
    </message>
    <message>
        <source>Không (phiếu đã bỏ là cuối cùng)</source>
        <translation>No (a cast ballot is final)</translation>
    </message>
    <message>
        <source>Ứng cử viên:</source>
        <translation>Candidates:</translation>
    </message>
    <message>
        <source>Được lấy phiếu:</source>
        <translation>People rated:</translation>
    </message>
    <message>
        <source>Số người được bầu: {k}</source>
        <translation>People to elect: {k}</translation>
    </message>
    <message>
        <source>Trưởng ban {head}, Thư ký {secretary} và {n} ủy viên</source>
        <translation>Head {head}, Secretary {secretary} and {n} members</translation>
    </message>
</context>
<context>
    <name>TechViewModel</name>
    <message>
        <source>Hãy chọn kỳ họp trước.</source>
        <translation>Please choose a session first.</translation>
    </message>
    <message>
        <source>Chưa kết nối với máy chủ phòng họp nên thay đổi chưa được gửi. Vui lòng thử lại.</source>
        <translation>Not connected to the meeting room server, so the changes have not been sent. Please try again.</translation>
    </message>
    <message>
        <source>Máy chủ chưa trả lời; thay đổi sẽ được gửi lại khi kết nối ổn định.</source>
        <translation>The server has not replied yet; the changes will be sent again when the connection is stable.</translation>
    </message>
</context>
<context>
    <name>TechWindow</name>
    <message>
        <source>PhòngHọp – Kỹ thuật viên</source>
        <translation>PhòngHọp – Technician</translation>
    </message>
    <message>
        <source>Kỳ họp</source>
        <translation>Session</translation>
    </message>
    <message>
        <source>Đại biểu</source>
        <translation>Delegates</translation>
    </message>
    <message>
        <source>Sơ đồ ghế</source>
        <translation>Seating plan</translation>
    </message>
    <message>
        <source>Chương trình</source>
        <translation>Agenda</translation>
    </message>
    <message>
        <source>Tài liệu</source>
        <translation>Documents</translation>
    </message>
    <message>
        <source>Thẻ đăng ký</source>
        <translation>Registration cards</translation>
    </message>
    <message>
        <source>Thiết bị</source>
        <translation>Devices</translation>
    </message>
    <message>
        <source>Sẵn sàng</source>
        <translation>Readiness</translation>
    </message>
    <message>
        <source>Sao lưu</source>
        <translation>Backup</translation>
    </message>
    <message>
        <source>Chưa chọn kỳ họp: chọn hoặc tạo kỳ họp ở thẻ «Kỳ họp».</source>
        <translation>No session chosen: choose or create one in the “Session” tab.</translation>
    </message>
    <message>
        <source>Đang chuẩn bị: {0} – ngày {1}</source>
        <translation>Preparing: {0} – {1}</translation>
    </message>
</context>
<context>
    <name>UnseatedList</name>
    <message>
        <source>{0} ({1})</source>
        <translation>{0} ({1})</translation>
    </message>
</context>
<context>
    <name>VoteActions</name>
    <message>
        <source>Mở biểu quyết</source>
        <translation>Open the vote</translation>
    </message>
    <message>
        <source>Kết thúc biểu quyết</source>
        <translation>Close the vote</translation>
    </message>
    <message>
        <source>Hủy biểu quyết</source>
        <translation>Cancel the vote</translation>
    </message>
    <message>
        <source>Tiếp tục với các thành viên đã tham gia</source>
        <translation>Continue with the members who took part</translation>
    </message>
    <message>
        <source>Tạo biểu quyết xác nhận kết quả</source>
        <translation>Create the vote confirming the result</translation>
    </message>
    <message>
        <source>Lưu PDF:</source>
        <translation>Save PDF:</translation>
    </message>
    <message>
        <source>Phiếu kết quả</source>
        <translation>Result sheet</translation>
    </message>
    <message>
        <source>Lưu phiếu kết quả (PDF)</source>
        <translation>Save the result sheet (PDF)</translation>
    </message>
    <message>
        <source>Biên bản kiểm phiếu</source>
        <translation>Counting report</translation>
    </message>
    <message>
        <source>Lưu biên bản kiểm phiếu (PDF)</source>
        <translation>Save the counting report (PDF)</translation>
    </message>
    <message>
        <source>Chỉ chủ tọa được mở, kết thúc hoặc hủy biểu quyết.</source>
        <translation>Only the chair can open, close or cancel a vote.</translation>
    </message>
    <message>
        <source>Đang biểu quyết «{title}»: kết thúc trước khi mở biểu quyết khác.</source>
        <translation>The vote «{title}» is open: close it before opening another vote.</translation>
    </message>
    <message>
        <source>Chỉ chủ tọa và thư ký kỳ họp được ghi kết quả giơ tay.</source>
        <translation>Only the chair and the session secretary can record a show of hands.</translation>
    </message>
    <message>
        <source>Phím tắt: {key}</source>
        <translation>Shortcut: {key}</translation>
    </message>
    <message>
        <source>Đến biểu quyết xác nhận kết quả</source>
        <translation>Go to the vote confirming the result</translation>
    </message>
    <message>
        <source>Máy chủ từ chối thao tác.</source>
        <translation>The server refused the action.</translation>
    </message>
    <message>
        <source>Chọn một biểu quyết chưa mở để mở.</source>
        <translation>Choose a vote that has not been opened yet.</translation>
    </message>
    <message>
        <source>không tính giờ</source>
        <translation>not timed</translation>
    </message>
    <message>
        <source>Mở biểu quyết «{title}»? Có mặt {p}/{n} đại biểu; thời gian: {limit}.</source>
        <translation>Open the vote «{title}»? {p}/{n} delegates present; time: {limit}.</translation>
    </message>
    <message>
        <source>Chưa mở</source>
        <translation>Not yet</translation>
    </message>
    <message>
        <source>Tiếp tục tạo khóa</source>
        <translation>Continue making the key</translation>
    </message>
    <message>
        <source>Chờ thêm</source>
        <translation>Wait longer</translation>
    </message>
    <message>
        <source>Không có biểu quyết nào đang mở.</source>
        <translation>No vote is open.</translation>
    </message>
    <message>
        <source>Biểu quyết giơ tay kết thúc khi ghi kết quả đếm.</source>
        <translation>A show of hands closes when the count is recorded.</translation>
    </message>
    <message>
        <source>Kết thúc biểu quyết? Đại biểu chưa bỏ phiếu sẽ tính là Chưa biểu quyết.</source>
        <translation>Close the vote? Delegates who have not voted will count as Not voted.</translation>
    </message>
    <message>
        <source>Kết thúc bỏ phiếu? Đại biểu chưa bỏ phiếu sẽ không được tính phiếu.</source>
        <translation>Close the ballot? Delegates who have not voted will have no ballot counted.</translation>
    </message>
    <message>
        <source>Đã bỏ phiếu: {c} / {p} có mặt.</source>
        <translation>Voted: {c} / {p} present.</translation>
    </message>
    <message>
        <source>Tiếp tục biểu quyết</source>
        <translation>Continue voting</translation>
    </message>
    <message>
        <source>Ghi kết quả giơ tay: {counts} (có mặt {p})? Biểu quyết kết thúc với số đếm này.</source>
        <translation>Record the show of hands: {counts} ({p} present)? The vote closes with this count.</translation>
    </message>
    <message>
        <source>Ghi kết quả</source>
        <translation>Record the result</translation>
    </message>
    <message>
        <source>Kiểm tra lại</source>
        <translation>Check again</translation>
    </message>
    <message>
        <source>Tệp PDF (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>Lưu phiếu kết quả</source>
        <translation>Save the result sheet</translation>
    </message>
    <message>
        <source>Lưu biên bản kiểm phiếu</source>
        <translation>Save the counting report</translation>
    </message>
    <message>
        <source>Đang lưu…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>Không lưu được tệp {path}: {why}</source>
        <translation>The file {path} could not be saved: {why}</translation>
    </message>
    <message>
        <source>Đã lưu: {path}</source>
        <translation>Saved: {path}</translation>
    </message>
</context>
<context>
    <name>VoteCreateDialog</name>
    <message>
        <source>Tạo biểu quyết</source>
        <translation>Create a vote</translation>
    </message>
    <message>
        <source>Phiếu kín được mã hóa: chỉ Ban kiểm phiếu cùng nhau mới mở được kết quả. Máy tại chỗ ngồi của các thành viên tự tạo khóa trước khi mở biểu quyết.</source>
        <translation>Encrypted secret ballot: only the counting committee together can open the result. The members&apos; seat devices make the key by themselves before the vote opens.</translation>
    </message>
    <message>
        <source>Do thư ký kỳ họp thiết lập; biểu quyết giữ N này đến khi kết thúc.</source>
        <translation>Set by the session secretary; the vote keeps this N until it closes.</translation>
    </message>
    <message>
        <source> giây</source>
        <translation> sec</translation>
    </message>
    <message>
        <source>Không giới hạn</source>
        <translation>No limit</translation>
    </message>
    <message>
        <source>0 = không giới hạn: chủ tọa kết thúc biểu quyết.</source>
        <translation>0 = no limit: the chair closes the vote.</translation>
    </message>
    <message>
        <source>Cho phép sửa phiếu đến khi kết thúc</source>
        <translation>Allow votes to be changed until the vote closes</translation>
    </message>
    <message>
        <source>Nội dung:</source>
        <translation>Item:</translation>
    </message>
    <message>
        <source>Hình thức:</source>
        <translation>Form:</translation>
    </message>
    <message>
        <source>Cách tính:</source>
        <translation>Rule:</translation>
    </message>
    <message>
        <source>Tổng số:</source>
        <translation>Total:</translation>
    </message>
    <message>
        <source>Thời gian:</source>
        <translation>Time:</translation>
    </message>
    <message>
        <source>Người được lấy phiếu</source>
        <translation>People to be rated</translation>
    </message>
    <message>
        <source>Số người được bầu (k):</source>
        <translation>People to elect (k):</translation>
    </message>
    <message>
        <source>Mẫu:</source>
        <translation>Template:</translation>
    </message>
    <message>
        <source>Câu hỏi biểu quyết (chủ tọa đọc trước khi mở):</source>
        <translation>Question put to the vote (the chair reads it before opening):</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Giơ tay không tính giờ: biểu quyết kết thúc khi thư ký ghi kết quả đếm.</source>
        <translation>A show of hands is not timed: the vote closes when the secretary records the count.</translation>
    </message>
    <message>
        <source>Chỉ biểu quyết công khai cho phép sửa phiếu.</source>
        <translation>Only an open vote allows votes to be changed.</translation>
    </message>
    <message>
        <source>Ứng cử viên</source>
        <translation>Candidates</translation>
    </message>
    <message>
        <source>Chỉ chủ tọa và thư ký kỳ họp được tạo biểu quyết.</source>
        <translation>Only the chair and the session secretary can create votes.</translation>
    </message>
    <message>
        <source>Chưa có nội dung nào trong chương trình.</source>
        <translation>There are no items on the agenda yet.</translation>
    </message>
    <message>
        <source>Nhập câu hỏi biểu quyết.</source>
        <translation>Enter the question to vote on.</translation>
    </message>
    <message>
        <source>Thời gian ít nhất {s} giây (hoặc không giới hạn).</source>
        <translation>The time must be at least {s} seconds (or no limit).</translation>
    </message>
    <message>
        <source>Chọn người được lấy phiếu.</source>
        <translation>Choose the people to be rated.</translation>
    </message>
    <message>
        <source>Chọn ứng cử viên.</source>
        <translation>Choose the candidates.</translation>
    </message>
    <message>
        <source>Đang gửi…</source>
        <translation>Sending…</translation>
    </message>
    <message>
        <source>Máy chủ từ chối thao tác.</source>
        <translation>The server refused the action.</translation>
    </message>
    <message>
        <source>Thông qua nghị quyết</source>
        <translation>Adopt a resolution</translation>
    </message>
    <message>
        <source>Bãi nhiệm đại biểu</source>
        <translation>Recall of a delegate</translation>
    </message>
    <message>
        <source>Ví dụ: Bãi nhiệm đại biểu HĐND tỉnh đối với ông Nguyễn Văn A</source>
        <translation>For example: Recall of Mr Nguyễn Văn A as a delegate of the Provincial People&apos;s Council</translation>
    </message>
    <message>
        <source>Biểu quyết giơ tay</source>
        <translation>Show of hands</translation>
    </message>
    <message>
        <source>Bỏ phiếu kín</source>
        <translation>Secret ballot</translation>
    </message>
    <message>
        <source>Lấy phiếu tín nhiệm</source>
        <translation>Confidence rating</translation>
    </message>
    <message>
        <source>Bỏ phiếu tín nhiệm</source>
        <translation>Confidence vote</translation>
    </message>
    <message>
        <source>Ví dụ: Bỏ phiếu tín nhiệm đối với ông Nguyễn Văn A</source>
        <translation>For example: Confidence vote on Mr Nguyễn Văn A</translation>
    </message>
    <message>
        <source>Bầu chức danh</source>
        <translation>Election</translation>
    </message>
</context>
<context>
    <name>VoteLabels</name>
    <message>
        <source>Biểu quyết công khai</source>
        <translation>Open vote</translation>
    </message>
    <message>
        <source>Biểu quyết giơ tay</source>
        <translation>Show of hands</translation>
    </message>
    <message>
        <source>Bỏ phiếu kín</source>
        <translation>Secret ballot</translation>
    </message>
    <message>
        <source>Lấy phiếu tín nhiệm</source>
        <translation>Confidence rating</translation>
    </message>
    <message>
        <source>Bầu chức danh</source>
        <translation>Election</translation>
    </message>
    <message>
        <source>Bỏ phiếu tín nhiệm</source>
        <translation>Confidence vote</translation>
    </message>
    <message>
        <source>Tán thành</source>
        <translation>In favour</translation>
    </message>
    <message>
        <source>Không tán thành</source>
        <translation>Against</translation>
    </message>
    <message>
        <source>Không biểu quyết</source>
        <translation>Abstain</translation>
    </message>
    <message>
        <source>Tín nhiệm cao</source>
        <translation>High confidence</translation>
    </message>
    <message>
        <source>Tín nhiệm</source>
        <translation>Confidence</translation>
    </message>
    <message>
        <source>Tín nhiệm thấp</source>
        <translation>Low confidence</translation>
    </message>
    <message>
        <source>Không tín nhiệm</source>
        <translation>No confidence</translation>
    </message>
    <message>
        <source>Chưa biểu quyết</source>
        <translation>Not voted</translation>
    </message>
    <message>
        <source>Quá nửa tổng số đại biểu</source>
        <translation>More than half of all delegates</translation>
    </message>
    <message>
        <source>Ít nhất hai phần ba tổng số đại biểu</source>
        <translation>At least two thirds of all delegates</translation>
    </message>
    <message>
        <source>Theo Nghị quyết 96/2023/QH15 (trên số phiếu thu về)</source>
        <translation>Under Resolution 96/2023/QH15 (of ballots collected)</translation>
    </message>
    <message>
        <source>Quá nửa số phiếu thu về là Không tín nhiệm</source>
        <translation>More than half of ballots collected are No confidence</translation>
    </message>
    <message>
        <source>Thông qua</source>
        <translation>Adopted</translation>
    </message>
    <message>
        <source>Không thông qua</source>
        <translation>Not adopted</translation>
    </message>
    <message>
        <source>Không</source>
        <translation>None</translation>
    </message>
    <message>
        <source>Có thể xin từ chức</source>
        <translation>May resign</translation>
    </message>
    <message>
        <source>Trình miễn nhiệm, bãi nhiệm</source>
        <translation>Dismissal to be proposed</translation>
    </message>
    <message>
        <source>Chưa mở</source>
        <translation>Not opened</translation>
    </message>
    <message>
        <source>Đang biểu quyết</source>
        <translation>Voting</translation>
    </message>
    <message>
        <source>Đã kết thúc</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>Đã hủy</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>Trúng cử</source>
        <translation>Elected</translation>
    </message>
    <message>
        <source>Bằng phiếu, bầu lại</source>
        <translation>Tied, new round</translation>
    </message>
</context>
<context>
    <name>VotePage</name>
    <message>
        <source>ĐANG BIỂU QUYẾT</source>
        <translation>VOTING IN PROGRESS</translation>
    </message>
    <message>
        <source>Số đại biểu có mặt: {n}</source>
        <translation>Delegates present: {n}</translation>
    </message>
    <message>
        <source>Đại biểu biểu quyết bằng hình thức giơ tay</source>
        <translation>Delegates vote by show of hands</translation>
    </message>
    <message>
        <source>Thời gian còn lại</source>
        <translation>Time remaining</translation>
    </message>
</context>
<context>
    <name>VotesPanel</name>
    <message>
        <source>Biểu quyết của kỳ họp</source>
        <translation>Session votes</translation>
    </message>
    <message>
        <source>Tạo biểu quyết…</source>
        <translation>Create a vote…</translation>
    </message>
    <message>
        <source>Phím tắt: {key}</source>
        <translation>Shortcut: {key}</translation>
    </message>
    <message>
        <source>Chưa có biểu quyết nào. Bấm «Tạo biểu quyết…» để bắt đầu.</source>
        <translation>No votes yet. Press «Create a vote…» to start.</translation>
    </message>
    <message>
        <source>Chọn một biểu quyết trong danh sách.</source>
        <translation>Choose a vote from the list.</translation>
    </message>
    <message>
        <source>Nội dung {n}</source>
        <translation>Item {n}</translation>
    </message>
    <message>
        <source>«{title}» đã hủy. Lý do: {reason}</source>
        <translation>«{title}» was cancelled. Reason: {reason}</translation>
    </message>
    <message>
        <source>Chỉ chủ tọa và thư ký kỳ họp được tạo biểu quyết.</source>
        <translation>Only the chair and the session secretary can create votes.</translation>
    </message>
</context>
<context>
    <name>overlay</name>
    <message>
        <source>Ghế {0}</source>
        <translation>Seat {0}</translation>
    </message>
</context>
</TS>
