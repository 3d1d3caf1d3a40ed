export { CodingMode, Role, roles } from './roles.ts';
export { ApiErrorCode, SignupMode, signupModes } from './types.ts';
export { AssignmentMode, assignmentModes, maxAssignedDocumentsPerRequest, maxAssigneesPerRequest, maxAssignmentPairsPerRequest } from './assignments.ts';
export type { AssignDocumentsRequest, AssignDocumentsResponse, AssignmentsResponse, SetAssignmentsRequest, SetAssignmentsResponse } from './assignments.ts';
export { SetMembershipMode, setMembershipModes, isSameName, maxDocumentNameLength, maxDocumentSetNameLength, maxDocumentSetsPerProject, maxSetDocumentsPerRequest } from './document-sets.ts';
export type { ChangeSetDocumentsRequest, ChangeSetDocumentsResponse, CreateDocumentSetRequest, DocumentSetsResponse, DocumentSetView, RenameDocumentRequest, RenameDocumentSetRequest } from './document-sets.ts';
export { MemoKind, memoKinds, maxMemoPageSize, maxMemoQueryLength, maxMemoTextLength, maxMemoTitleLength } from './memos.ts';
export type { CreateMemoRequest, MemoView, MemosResponse, UpdateMemoRequest } from './memos.ts';
export type { SegmentView, SegmentsResponse } from './segments.ts';
export { ProjectExportFormat, exportSkippedHeader, projectExportFormats } from './interop.ts';
export type { CodebookImportResponse, ImportItem, ImportPlanReport, ProjectImportPlanResponse, ProjectImportResponse } from './interop.ts';
export { maxCodedHits, maxSearchPageSize } from './search.ts';
export type { CodeHitsRequest, CodeHitsResponse, HitAddress, SearchHitView, SearchResponse } from './search.ts';
export { SignupModeSource, passwordResetTtlHours } from './admin.ts';
export type { AdminSettings, AdminUsersResponse, AdminUserView, PasswordResetLink, PasswordResetPreview, PasswordResetRequest, PasswordResetResponse, UpdateAdminSettingsRequest, UpdateMeRequest, UpdateMeResponse } from './admin.ts';
export type {
  AcceptInviteResponse,
  AdvanceRoundRequest,
  AccountDeletionPreview,
  ApiErrorBody,
  AuthOptionsResponse,
  ChangePasswordRequest,
  ChangePasswordResponse,
  CodingAsOf,
  CodingsAsOf,
  CodingProgress,
  CreateDocumentRequest,
  CreateInviteRequest,
  CreateProjectRequest,
  CreateRoundRequest,
  CreateTokenRequest,
  CreateTokenResponse,
  DecideRequest,
  DecisionView,
  DeleteAccountRequest,
  DocumentRooms,
  DocumentView,
  HistoryEventView,
  HistoryPage,
  InvitePreview,
  InviteView,
  LociResponse,
  LocusCommentView,
  LocusView,
  LoginRequest,
  PreMergeResponse,
  RoundsResponse,
  RoundView,
  MemberView,
  ProjectSettings,
  ProjectView,
  SessionResponse,
  SignupRequest,
  SignupResponse,
  SubmissionView,
  TokenView,
  UpdateMemberRequest,
  UpdateProjectRequest,
  UserView,
} from './types.ts';
