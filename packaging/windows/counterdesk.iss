; Inno Setup script: installs the PyInstaller bundle (dist\counterdesk) on a Windows counter PC.
; Built by .github/workflows/windows.yml on windows-latest:  iscc /DAppVersion=0.1.0 packaging\windows\counterdesk.iss
; A shortcut per mode in the Start menu; the task chosen at install time ("Máy này là …") adds the
; display, kiosk or dispenser mode to the Startup folder of every user so the PC opens it at logon.
; Uninstalling removes the program only: the data in %LOCALAPPDATA%\CounterDesk is kept.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6B1E8C52-3F0B-4E39-9A57-2C8D0C6D1A10}
AppName=CounterDesk
AppVersion={#AppVersion}
AppPublisher=CounterDesk
DefaultDirName={autopf}\CounterDesk
DefaultGroupName=CounterDesk
OutputDir=..\..\dist
OutputBaseFilename=CounterDesk-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequired=admin
UninstallDisplayName=CounterDesk {#AppVersion}

[Languages]
Name: "vi"; MessagesFile: "compiler:Languages\Vietnamese.isl"

[Tasks]
Name: "autostart"; Description: "Tự mở khi đăng nhập Windows:"; GroupDescription: "Máy này dùng làm:"; Flags: unchecked
Name: "autostart\display"; Description: "Màn hình gọi số ở sảnh"; Flags: exclusive unchecked
Name: "autostart\kiosk"; Description: "Ki-ốt tra cứu"; Flags: exclusive unchecked
Name: "autostart\dispenser"; Description: "Máy lấy số"; Flags: exclusive unchecked

[Files]
Source: "..\..\dist\counterdesk\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion createallsubdirs

[Icons]
Name: "{group}\CounterDesk — Quầy tiếp nhận"; Filename: "{app}\counterdesk.exe"; Parameters: "gui --mode desk"
Name: "{group}\CounterDesk — Lãnh đạo"; Filename: "{app}\counterdesk.exe"; Parameters: "gui --mode supervisor"
Name: "{group}\CounterDesk — Quản trị"; Filename: "{app}\counterdesk.exe"; Parameters: "gui --mode admin"
Name: "{group}\CounterDesk — Máy lấy số"; Filename: "{app}\counterdesk.exe"; Parameters: "gui --mode dispenser"
Name: "{group}\CounterDesk — Màn hình gọi số"; Filename: "{app}\counterdesk.exe"; Parameters: "gui --mode display"
Name: "{group}\CounterDesk — Ki-ốt tra cứu"; Filename: "{app}\counterdesk.exe"; Parameters: "gui --mode kiosk"
Name: "{group}\Hướng dẫn sử dụng"; Filename: "{app}\_internal\counterdesk\resources\guide\huong-dan-su-dung.pdf"
Name: "{group}\Gỡ CounterDesk"; Filename: "{uninstallexe}"
Name: "{autodesktop}\CounterDesk"; Filename: "{app}\counterdesk.exe"; Parameters: "gui --mode desk"
Name: "{commonstartup}\CounterDesk — Màn hình gọi số"; Filename: "{app}\counterdesk.exe"; Parameters: "gui --mode display"; Tasks: autostart\display
Name: "{commonstartup}\CounterDesk — Ki-ốt tra cứu"; Filename: "{app}\counterdesk.exe"; Parameters: "gui --mode kiosk"; Tasks: autostart\kiosk
Name: "{commonstartup}\CounterDesk — Máy lấy số"; Filename: "{app}\counterdesk.exe"; Parameters: "gui --mode dispenser"; Tasks: autostart\dispenser

[Run]
Filename: "{app}\counterdesk.exe"; Parameters: "gui --mode desk"; Description: "Mở CounterDesk (thiết lập lần đầu)"; Flags: nowait postinstall skipifsilent unchecked
